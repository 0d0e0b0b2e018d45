#!/usr/bin/env Rscript
# Reference values for src/core/metrics/chiSquare.ts (the per-item tests of src/core/engine/itemTests.ts):
# - the chi-square upper tail, pchisq(x, df, lower.tail = FALSE) from base R (the regularized upper
#   incomplete gamma Q(df / 2, x / 2)), over degrees of freedom 1 to 1000, from x = 0 to the far
#   tail (p near 1e-306), non-integer df included;
# - Pearson's test of homogeneity of two samples, chisq.test(rbind(first, second), correct = FALSE)
#   from base R: statistic, df and p-value. Categories empty on both sides are dropped before the
#   call (chisq.test would divide by their zero expected counts), as chiSquareHomogeneity does.
#   Counts are unweighted tables, plus a few with non-integer counts (human counts scaled to
#   Kish's effective sample size), which chisq.test accepts.
#
# Writes test/fixtures/reference/chisq.json. Deterministic (set.seed); base R only; JSON by hand.

set.seed(20260415)

out_file <- local({
  args <- commandArgs(trailingOnly = FALSE)
  script <- sub("^--file=", "", args[grep("^--file=", args)])
  root <- if (length(script) == 1) file.path(dirname(script), "..", "..") else "."
  file.path(root, "test", "fixtures", "reference", "chisq.json")
})

script_dir <- local({
  args <- commandArgs(trailingOnly = FALSE)
  script <- sub("^--file=", "", args[grep("^--file=", args)])
  if (length(script) == 1) dirname(script) else file.path("scripts", "reference")
})
source(file.path(script_dir, "lib", "json.R"))
# --- Upper tail ---------------------------------------------------------------------------
upper_tail <- list()
for (df in c(1, 2, 3, 4, 5, 7, 10, 17, 37, 100, 250, 1000, 0.5, 2.5, 9.3)) {
  xs <- c(0, 1e-10, 1e-3, 0.1, 0.5 * df, df - 1, df, df + 1, df + 2, 2 * df, 3 * df + 10, 5 * df + 40, df + 25 * sqrt(df) + 30)
  for (x in unique(xs[xs >= 0])) {
    upper_tail[[length(upper_tail) + 1]] <- json_object(list(
      x = json_number(x),
      df = json_number(df),
      p = json_number(pchisq(x, df, lower.tail = FALSE))
    ))
  }
}
# The far tail, where the result is below 1e-300 but still a normal double.
for (case in list(c(1400, 1), c(1300, 10), c(2600, 1000))) {
  upper_tail[[length(upper_tail) + 1]] <- json_object(list(
    x = json_number(case[1]),
    df = json_number(case[2]),
    p = json_number(pchisq(case[1], case[2], lower.tail = FALSE))
  ))
}

# --- Homogeneity of two samples -----------------------------------------------------------
homogeneity_case <- function(name, first, second) {
  keep <- (first + second) > 0
  test <- suppressWarnings(chisq.test(rbind(first[keep], second[keep]), correct = FALSE))
  json_object(list(
    name = json_string(name),
    first = json_vector(first),
    second = json_vector(second),
    statistic = json_number(unname(test$statistic)),
    df = json_number(unname(test$parameter)),
    p = json_number(test$p.value)
  ))
}

homogeneity <- list(
  homogeneity_case("2 categories", c(30, 20), c(18, 32)),
  homogeneity_case("4-point scale, close", c(120, 340, 410, 130), c(12, 35, 39, 14)),
  homogeneity_case("4-point scale, far", c(120, 340, 410, 130), c(2, 10, 80, 8)),
  homogeneity_case("model collapsed on one answer", c(55, 140, 160, 45), c(0, 0, 400, 0)),
  homogeneity_case("a category empty on both sides", c(10, 0, 25, 5), c(14, 0, 9, 17)),
  homogeneity_case("10-point scale, equal shares", c(10, 20, 30, 40, 50, 50, 40, 30, 20, 10), c(2, 4, 6, 8, 10, 10, 8, 6, 4, 2)),
  homogeneity_case("non-integer counts (scaled to an effective n)", c(10.5, 3.25, 0, 7.125), c(4, 8, 0, 2)),
  homogeneity_case("large samples, small shift", c(2000, 3000, 5000), c(2100, 2950, 4950))
)
for (index in 1:6) {
  k <- sample(2:11, 1)
  first <- rpois(k, sample(c(5, 40, 300), 1))
  second <- rpois(k, sample(c(5, 40, 300), 1))
  if (sum(first) == 0) first[1] <- 1
  if (sum(second) == 0) second[1] <- 1
  if (sum((first + second) > 0) < 2) first[k] <- first[k] + 3
  homogeneity[[length(homogeneity) + 1]] <- homogeneity_case(paste0("random table ", index, " (", k, " categories)"), first, second)
}

writeLines(
  paste0(
    "{\n",
    '  "source": "R ', R.version$major, ".", R.version$minor, ': pchisq(x, df, lower.tail = FALSE); chisq.test(rbind(first, second), correct = FALSE) on the categories not empty on both sides",\n',
    '  "upperTail": ', json_array(upper_tail), ",\n",
    '  "homogeneity": ', json_array(homogeneity), "\n",
    "}"
  ),
  out_file
)
cat("wrote", out_file, "\n")
