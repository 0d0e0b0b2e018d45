# JSON written by hand (jsonlite is not in Debian's base R): the helpers the reference scripts share.
# Numbers are written with 17 significant digits, so every double round-trips exactly; NA and
# non-finite values become null.
json_number <- function(x) {
  ifelse(is.na(x) | !is.finite(x), "null", sprintf("%.17g", x))
}
json_vector <- function(x) paste0("[", paste(json_number(x), collapse = ","), "]")
json_string <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')
json_object <- function(fields, indent = "    ") {
  body <- paste0(indent, "  ", json_string(names(fields)), ": ", unlist(fields), collapse = ",\n")
  paste0("{\n", body, "\n", indent, "}")
}
json_array <- function(objects, indent = "  ") {
  paste0("[\n", indent, "  ", paste(objects, collapse = paste0(",\n", indent, "  ")), "\n", indent, "]")
}

