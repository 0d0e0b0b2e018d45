# Reference values for the polychoric correlation code (src/core/polychoric/).
#
# Writes test/fixtures/reference/polychoric.json with, all from R / psych / mnormt:
# - normal: pnorm (both tails) and qnorm at fixed points (R's Cody / AS 241 algorithms)
# - bivariate: mnormt::pmnorm for d = 2 (biv.nt.prob, Genz's BVND) at fixed and random (h, k, rho)
# - datasets: simulated ordinal data (a latent multivariate normal cut into 2- to 10-point
#   scales, some NA, one weighted), embedded row by row (null = NA), each with
#   psych::polychoric(x, ..., smooth = FALSE)$rho for the settings listed in `runs`, and
#   `rhoTight`: the maximiser of psych's own objective (psych:::polyF) under the same thresholds,
#   found with optimize(tol = 1e-11) instead of psych's default tol (~1.2e-4), to show how close
#   the two implementations are once psych's optimizer tolerance is taken out.
# - corSmooth: psych::cor.smooth of a correlation matrix that is not positive semidefinite.
#
# How psych 2.2.9 computes polychoric (read from print(psych::polychoric), psych:::polyc,
# psych:::polyF, psych:::polyBinBvn, psych:::wtd.table):
# - global = TRUE (default, kept only when every item has the same largest code): thresholds per
#   item from ALL its non-NA values, unweighted even when `weight` is given; the pair table
#   (pairwise complete, weighted if `weight`) is used as is; `correct` is NOT applied.
# - global = FALSE (forced when the items' largest codes differ): per pair, empty rows/columns of
#   the pair table dropped, zero cells set to correct/total (proportions), thresholds from the
#   corrected margins (not renormalised), then optimize(polyF, c(-1, 1)).
# - Cells with P <= 0 are skipped in the objective; items need max.cat >= number of codes.
#
# Run: Rscript scripts/reference/polychoric.R   (deterministic: fixed seed)

suppressPackageStartupMessages(library(psych))
set.seed(20260101)

script_dir <- local({
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  if (length(file_arg)) dirname(normalizePath(sub("^--file=", "", file_arg[1]))) else getwd()
})
out_path <- file.path(script_dir, "..", "..", "test", "fixtures", "reference", "polychoric.json")

# ---- a minimal JSON writer (jsonlite is not installed) -------------------------------------
json_number <- function(v) {
  ifelse(is.na(v), "null",
    ifelse(is.infinite(v), ifelse(v > 0, "\"Infinity\"", "\"-Infinity\""), formatC(v, digits = 17, format = "g")))
}
to_json <- function(x, indent = "") {
  inner <- paste0(indent, " ")
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (length(x) == 0) return(if (is.null(names(x))) "[]" else "{}")
    parts <- vapply(x, to_json, character(1), indent = inner)
    if (!is.null(names(x))) {
      parts <- paste0("\"", names(x), "\": ", parts)
      return(paste0("{\n", inner, paste(parts, collapse = paste0(",\n", inner)), "\n", indent, "}"))
    }
    return(paste0("[\n", inner, paste(parts, collapse = paste0(",\n", inner)), "\n", indent, "]"))
  }
  if (is.matrix(x)) {
    rows <- vapply(seq_len(nrow(x)), function(i) to_json(I(as.vector(x[i, ]))), character(1))
    return(paste0("[\n", inner, paste(rows, collapse = paste0(",\n", inner)), "\n", indent, "]"))
  }
  as_array <- inherits(x, "AsIs") || length(x) != 1
  if (is.character(x)) values <- paste0("\"", gsub("\"", "\\\\\"", x), "\"")
  else if (is.logical(x)) values <- ifelse(is.na(x), "null", ifelse(x, "true", "false"))
  else values <- json_number(as.numeric(x))
  if (as_array) paste0("[", paste(values, collapse = ", "), "]") else values
}

# ---- univariate and bivariate normal ---------------------------------------------------------
normal_x <- c(-38, -37.5, -20, -8.3, -6, -5.657, -3, -1.5, -1, -0.6744, -0.3, -1e-10, 0, 0.25, 0.5, 0.7,
              1.2, 2, 3.3, 5.7, 8, 8.28, 8.3, 10)
normal_p <- c(1e-300, 1e-100, 1e-20, 1e-12, 1e-6, 0.001, 0.02, 0.074, 0.075, 0.2, 0.3, 0.425, 0.5, 0.6,
              0.9, 0.925, 0.95, 0.99, 0.999999, 1 - 1e-12)

biv_fixed <- rbind(
  c(0, 0, 0), c(0, 0, 0.5), c(0, 0, -0.5), c(0, 0, 0.99), c(0.3, -1.2, 0.2), c(1.5, 0.7, 0.6),
  c(-0.5, 0.4, -0.8), c(1, 1, 0.95), c(1, -0.5, -0.95), c(-2, -2.5, 0.9999), c(2, 2, -0.99),
  c(-3, 3, 0.3), c(-4, -4, 0.7), c(4, -4, -0.7), c(0.1, 0.1, 0.925), c(0.1, 0.1, -0.925),
  c(-1.2816, 1.6449, 0.74), c(5, 5, 0.5), c(-6, 0, 0.1), c(2.5, -0.2, 0.3), c(0, 0, 1 - 1e-9)
)
biv_random <- cbind(runif(60, -3.5, 3.5), runif(60, -3.5, 3.5), runif(60, -0.9999, 0.9999))
biv <- rbind(biv_fixed, biv_random)
biv_cdf <- apply(biv, 1, function(v) {
  as.numeric(mnormt::pmnorm(v[1:2], mean = c(0, 0), varcov = matrix(c(1, v[3], v[3], 1), 2)))
})

# ---- simulated ordinal data ------------------------------------------------------------------
latent_data <- function(n, sigma) {
  z <- matrix(rnorm(n * ncol(sigma)), n) %*% chol(sigma)
  z
}
cut_item <- function(z, cuts) findInterval(z, cuts) + 1L
with_missing <- function(x, share) {
  x[matrix(runif(length(x)) < share, nrow(x))] <- NA
  x
}
correlation_matrix <- function(p, values) {
  s <- diag(p)
  s[upper.tri(s)] <- values
  s[lower.tri(s)] <- t(s)[lower.tri(s)]
  s
}

# psych::polyc's logic with a tight optimize tolerance (mirrors psych 2.2.9 line by line).
polyc_tight <- function(x, y, taux, tauy, global, weight, correct, nvalues) {
  if (is.null(weight)) {
    tab <- psych:::tableFast(x, y, 1, nvalues, 1, nvalues)
  } else {
    tab <- psych:::wtd.table(x, y, weight)
  }
  tot <- sum(tab)
  tab <- tab / tot
  if (global) {
    return(optimize(psych:::polyF, interval = c(-1, 1), rc = taux, cc = tauy, tab, tol = 1e-11)$minimum)
  }
  zerorows <- apply(tab, 1, function(v) all(v == 0))
  zerocols <- apply(tab, 2, function(v) all(v == 0))
  tab <- tab[!zerorows, , drop = FALSE]
  tab <- tab[, !zerocols, drop = FALSE]
  if (correct > 0 && any(tab[] == 0)) tab[tab == 0] <- correct / tot
  if (min(dim(tab)) < 2) return(NA)
  cc <- qnorm(cumsum(colSums(tab))[-ncol(tab)])
  rc <- qnorm(cumsum(rowSums(tab))[-nrow(tab)])
  optimize(psych:::polyF, interval = c(-1, 1), rc = rc, cc = cc, tab, tol = 1e-11)$minimum
}

tight_matrix <- function(x, global, weight, correct) {
  nvalues <- max(x, na.rm = TRUE)  # all data here start at code 1
  freq <- apply(x, 2, tabulate, nbins = nvalues)
  freq <- t(t(freq) / colSums(freq))
  tau <- qnorm(apply(freq, 2, cumsum)[1:(nvalues - 1), , drop = FALSE])
  p <- ncol(x)
  out <- diag(p)
  for (i in 2:p) for (j in 1:(i - 1)) {
    out[i, j] <- out[j, i] <- polyc_tight(x[, i], x[, j], tau[, i], tau[, j], global, weight, correct, nvalues)
  }
  out
}

run_psych <- function(x, global, correct, weight = NULL) {
  max_cat <- max(x, na.rm = TRUE)
  result <- suppressWarnings(suppressMessages(
    polychoric(x, global = global, correct = correct, weight = weight, smooth = FALSE, max.cat = max_cat)
  ))
  # psych switches global off by itself when the items' largest codes differ.
  item_max <- apply(x, 2, max, na.rm = TRUE)
  effective_global <- global && min(item_max) == max(item_max)
  rho <- unname(result$rho)
  # psych's optimize may return its interval end for a pair with perfect association.
  list(
    global = effective_global,
    correct = correct,
    call = sprintf("polychoric(x, global = %s, correct = %s%s, smooth = FALSE, max.cat = %d)",
                   global, correct, if (is.null(weight)) "" else ", weight = w", max_cat),
    rho = rho,
    rhoTight = tight_matrix(x, effective_global, weight, correct),
    tau = if (effective_global) unname(result$tau) else NULL
  )
}

dataset <- function(name, description, x, runs, weight = NULL) {
  rows <- lapply(seq_len(nrow(x)), function(i) I(as.vector(x[i, ])))
  list(
    name = name,
    description = description,
    nItems = ncol(x),
    nCategories = I(as.integer(apply(x, 2, max, na.rm = TRUE))),
    data = rows,
    weights = if (is.null(weight)) NULL else I(weight),
    runs = runs
  )
}

datasets <- list()

# 1. Five 5-point items, 5% missing: every item has codes 1..5, so psych keeps global = TRUE.
sigma1 <- correlation_matrix(5, c(0.5, 0.3, 0.6, 0.2, 0.4, 0.55, -0.1, 0.15, 0.35, 0.45))
z1 <- latent_data(500, sigma1)
cuts5 <- list(c(-1.5, -0.5, 0.3, 1.2), c(-0.8, -0.2, 0.4, 1), c(-1, 0, 0.6, 1.5), c(-2, -1, 0, 1), c(-0.3, 0.2, 0.7, 1.4))
x1 <- sapply(1:5, function(j) cut_item(z1[, j], cuts5[[j]]))
x1 <- with_missing(x1, 0.05)
datasets[[length(datasets) + 1]] <- dataset(
  "five-point-na", "500 x 5, all items 5-point, 5% MCAR missing", x1,
  list(run_psych(x1, TRUE, 0), run_psych(x1, TRUE, 0.5), run_psych(x1, FALSE, 0), run_psych(x1, FALSE, 0.5))
)

# 2. Mixed 4-, 5- and 10-point items, 8% missing: largest codes differ, psych forces global = FALSE.
sigma2 <- correlation_matrix(5, c(0.6, 0.4, 0.5, 0.3, 0.45, 0.2, 0.5, -0.2, -0.1, 0.1))
z2 <- latent_data(500, sigma2)
x2 <- cbind(
  cut_item(z2[, 1], c(-1, 0, 1)),
  cut_item(z2[, 2], c(-1.2, -0.4, 0.3, 1.1)),
  cut_item(z2[, 3], qnorm(seq(0.1, 0.9, by = 0.1)) + 0.2),
  cut_item(z2[, 4], c(-0.2, 0.5, 1.3)),
  cut_item(z2[, 5], qnorm(c(0.05, 0.1, 0.2, 0.35, 0.5, 0.6, 0.75, 0.85, 0.93)))
)
x2 <- with_missing(x2, 0.08)
datasets[[length(datasets) + 1]] <- dataset(
  "mixed-4-5-10-point-na", "500 x 5, 4-, 5-, 10-, 4- and 10-point items, 8% MCAR missing", x2,
  list(run_psych(x2, TRUE, 0), run_psych(x2, TRUE, 0.5))
)

# 3. Weighted: four 4-point items, no missing, log-normal weights with mean ~1.
sigma3 <- correlation_matrix(4, c(0.45, 0.3, 0.6, -0.2, 0.1, 0.35))
z3 <- latent_data(500, sigma3)
x3 <- sapply(1:4, function(j) cut_item(z3[, j], c(-0.9, 0, 0.8) + 0.1 * j))
w3 <- exp(rnorm(500, 0, 0.5))
w3 <- w3 / mean(w3)
datasets[[length(datasets) + 1]] <- dataset(
  "weighted-four-point", "500 x 4, all 4-point, no missing, log-normal weights (mean 1)", x3,
  list(run_psych(x3, TRUE, 0, w3), run_psych(x3, FALSE, 0, w3)),
  weight = w3
)

# 4. Sparse: binary and 3-point items with skewed thresholds and strong correlations, so pair
#    tables have zero cells (the continuity correction matters); items 1-2 are a 2 x 2 tetrachoric case.
sigma4 <- correlation_matrix(5, c(0.85, 0.7, 0.75, 0.5, 0.6, 0.8, 0.3, 0.4, 0.5, 0.65))
z4 <- latent_data(300, sigma4)
x4 <- cbind(
  cut_item(z4[, 1], 1.4),
  cut_item(z4[, 2], 1.1),
  cut_item(z4[, 3], c(0.9, 1.8)),
  cut_item(z4[, 4], c(-1.6, 1.5)),
  cut_item(z4[, 5], c(-1.2, -0.2, 0.6, 1.4, 2.0))
)
x4 <- with_missing(x4, 0.03)
datasets[[length(datasets) + 1]] <- dataset(
  "sparse-binary-three-point", "300 x 5, 2-, 2-, 3-, 3- and 6-point items with skewed thresholds, 3% missing", x4,
  list(run_psych(x4, TRUE, 0), run_psych(x4, TRUE, 0.5))
)

# ---- cor.smooth on a matrix that is not positive semidefinite ---------------------------------
not_psd <- matrix(c(
  1.00, 0.90, 0.70, 0.10, -0.20,
  0.90, 1.00, 0.20, 0.30, 0.40,
  0.70, 0.20, 1.00, -0.60, 0.50,
  0.10, 0.30, -0.60, 1.00, 0.35,
  -0.20, 0.40, 0.50, 0.35, 1.00
), 5, byrow = TRUE)
smoothed <- suppressWarnings(cor.smooth(not_psd))
psd_input <- matrix(c(1, 0.5, 0.3, 0.5, 1, 0.2, 0.3, 0.2, 1), 3)

document <- list(
  generator = "scripts/reference/polychoric.R",
  seed = 20260101,
  r = paste(R.version$major, R.version$minor, sep = "."),
  psych = as.character(packageVersion("psych")),
  mnormt = as.character(packageVersion("mnormt")),
  normal = list(x = I(normal_x), cdf = I(pnorm(normal_x)), upperTail = I(pnorm(normal_x, lower.tail = FALSE)),
                p = I(normal_p), quantile = I(qnorm(normal_p))),
  bivariate = list(h = I(biv[, 1]), k = I(biv[, 2]), rho = I(biv[, 3]), cdf = I(biv_cdf)),
  datasets = datasets,
  corSmooth = list(
    call = "cor.smooth(x)",
    n = 5,
    input = not_psd,
    eigenvalues = I(eigen(not_psd)$values),
    output = unname(smoothed),
    outputEigenvalues = I(eigen(smoothed)$values),
    positiveDefiniteInput = psd_input,
    positiveDefiniteOutput = unname(suppressWarnings(cor.smooth(psd_input)))
  )
)

dir.create(dirname(out_path), recursive = TRUE, showWarnings = FALSE)
writeLines(to_json(document), out_path)
cat("wrote", length(datasets), "datasets to", normalizePath(out_path), "\n")
