#!/usr/bin/env Rscript
# Reference values for the headline building blocks:
# - src/core/structure/linConcordance.ts (Lin's concordance correlation coefficient)
# - src/core/inference/spearmanBrown.ts (Spearman-Brown prophecy, disattenuation, matched ceiling)
# - src/core/inference/multiplicity.ts (Holm and BH adjusted p-values, bootstrap p-value, Holm levels)
#
# Writes test/fixtures/reference/headline.json; inputs are embedded, NA/NaN/undefined written as null.
#
# Sources of the expected values:
# - linConcordance: Lin (1989)'s formula with divisor-n moments, computed here as
#   2 * cov(x, y) * (k - 1) / k / (var(x) * (k - 1) / k + var(y) * (k - 1) / k + (mean(x) - mean(y))^2)
#   over complete cases; and, when the epiR package is installed (Debian r-cran-epir), epiR::epi.ccc's
#   rho.c, s.shift, l.shift and C.b as an independent implementation (field "epiR", null when epiR
#   is missing or returns NA). The script stops if the two disagree by more than 1e-12. DescTools
#   (DescTools::CCC, the same code as epi.ccc) is not packaged in Debian bookworm.
# - Spearman-Brown: by the prophecy formula k r / (1 + (k - 1) r), checked against the variance-share
#   route it follows from (true variance T, noise c / m: rel(k h) = 1 / (1 + (1 - r) / (r k))).
# - disattenuation: psych::correct.cor (upper triangle r_ij / sqrt(rel_i rel_j)).
# - p.adjust(p, "holm") and p.adjust(p, "BH") from base R (NA kept, not counted).
# - bootstrap p-value and Holm interval levels: by their formulas (no R package provides them).
# Deterministic (set.seed); base R + psych (+ epiR if present); JSON written by hand.

set.seed(20260301)

out_file <- local({
  args <- commandArgs(trailingOnly = FALSE)
  script <- sub("^--file=", "", args[grep("^--file=", args)])
  root <- if (length(script) == 1) file.path(dirname(script), "..", "..") else "."
  file.path(root, "test", "fixtures", "reference", "headline.json")
})

suppressPackageStartupMessages(library(psych))
have_epir <- suppressWarnings(suppressMessages(requireNamespace("epiR", quietly = TRUE)))

# --- JSON by hand ---------------------------------------------------------------------------
script_dir <- local({
  args <- commandArgs(trailingOnly = FALSE)
  script <- sub("^--file=", "", args[grep("^--file=", args)])
  if (length(script) == 1) dirname(script) else file.path("scripts", "reference")
})
source(file.path(script_dir, "lib", "json.R"))
# --- Lin's concordance ----------------------------------------------------------------------
lin_formula <- function(x, y) {
  ok <- complete.cases(x, y)
  x <- x[ok]; y <- y[ok]
  k <- length(x)
  if (k < 2) return(NA_real_)
  sx2 <- var(x) * (k - 1) / k
  sy2 <- var(y) * (k - 1) / k
  sxy <- cov(x, y) * (k - 1) / k
  denominator <- sx2 + sy2 + (mean(x) - mean(y))^2
  if (denominator == 0) return(NA_real_)
  2 * sxy / denominator
}

epir_parts <- function(x, y) {
  if (!have_epir) return(NULL)
  result <- tryCatch(suppressWarnings(epiR::epi.ccc(x, y)), error = function(e) NULL)
  if (is.null(result)) return(NULL)
  list(
    ccc = result$rho.c$est,
    scaleShift = result$s.shift,
    locationShift = result$l.shift,
    biasCorrection = result$C.b
  )
}

ccc_case <- function(name, description, x, y) {
  ccc <- lin_formula(x, y)
  ok <- complete.cases(x, y)
  pearson <- if (sum(ok) >= 2) suppressWarnings(cor(x[ok], y[ok])) else NA_real_
  epir <- epir_parts(x, y)
  if (!is.null(epir) && !is.na(epir$ccc)) {
    stopifnot(abs(epir$ccc - ccc) < 1e-12)
  }
  epir_json <- if (is.null(epir) || is.na(epir$ccc)) "null" else json_object(list(
    ccc = json_number(epir$ccc),
    scaleShift = json_number(epir$scaleShift),
    locationShift = json_number(epir$locationShift),
    biasCorrection = json_number(epir$biasCorrection)
  ), indent = "      ")
  json_object(list(
    name = json_string(name),
    description = json_string(description),
    x = json_vector(x),
    y = json_vector(y),
    pairs = sum(ok),
    ccc = json_number(ccc),
    pearson = json_number(pearson),
    epiR = epir_json
  ))
}

x_corr <- rnorm(50)
x_vec <- runif(45, -0.3, 0.5)
x_miss <- rnorm(20)
y_miss <- 0.6 * x_miss + rnorm(20, 0.1, 0.5)
x_miss[c(3, 11)] <- NA
y_miss[c(7, 11, 19)] <- NA
# A 10-item "human" correlation matrix and a model whose correlations are uniformly inflated.
loadings <- matrix(runif(20, -0.6, 0.8), 10)
sigma <- loadings %*% t(loadings)
diag(sigma) <- 1
human <- cov2cor(sigma)[upper.tri(sigma)]
model <- pmax(-1, pmin(1, 1.4 * human + rnorm(length(human), 0, 0.05)))
x_large <- 1000 + rnorm(30) * 0.01

ccc_cases <- list(
  ccc_case("correlated50", "y = 0.8 x + 0.3 + noise, n = 50", x_corr, 0.8 * x_corr + 0.3 + rnorm(50, 0, 0.5)),
  ccc_case("scaleInflated", "y = 1.5 x: Pearson r = 1 but concordance < 1", x_vec, 1.5 * x_vec),
  ccc_case("shifted", "y = x + 0.2: Pearson r = 1 but concordance < 1", x_vec, x_vec + 0.2),
  ccc_case("identical", "y = x: concordance 1", x_vec, x_vec),
  ccc_case("reflected", "y = 0.1 - x", x_vec, 0.1 - x_vec),
  ccc_case("withMissing", "NA in x at 3, 11 and in y at 7, 11, 19: 16 complete pairs", x_miss, y_miss),
  ccc_case("inflatedCorrelationVector", "45 correlations of a 10-item matrix vs 1.4 times them plus noise", human, model),
  ccc_case("largeMean", "x = 1000 + 0.01 z, y = x + 0.005 z': precision with a large mean", x_large, x_large + rnorm(30) * 0.005),
  ccc_case("oneConstant", "x constant, y varies: Lin's formula gives 0, epi.ccc gives NA", rep(0.2, 6), c(0.1, 0.3, 0.25, 0.2, 0.4, 0)),
  ccc_case("bothConstantDifferentMeans", "x = 1, y = 2 throughout: formula gives 0, epi.ccc NA", rep(1, 5), rep(2, 5)),
  ccc_case("bothConstantEqualMeans", "x = y = 3 throughout: 0 / 0, undefined", rep(3, 4), rep(3, 4)),
  ccc_case("onePair", "one complete pair after NA removal: undefined", c(1, NA, 3), c(NA, 2, 5)),
  ccc_case("twoPairs", "the smallest defined case", c(1, 2), c(1.5, 3))
)

# --- Spearman-Brown, disattenuation, matched ceiling --------------------------------------
step_formula <- function(r, k) k * r / (1 + (k - 1) * r)
step_variance_route <- function(r, k) if (r > 0 && r < 1) 1 / (1 + (1 - r) / (r * k)) else step_formula(r, k)

step_cases <- list()
for (r in c(0, 0.1, 0.35, 0.5, 0.8, 0.95, 1)) {
  for (k in c(2, 0.5, 3.7, 10, 0.1)) {
    stepped <- step_formula(r, k)
    stopifnot(abs(stepped - step_variance_route(r, k)) < 1e-14)
    step_cases[[length(step_cases) + 1]] <- json_object(list(
      reliability = json_number(r), factor = json_number(k), stepped = json_number(stepped)
    ), indent = "      ")
  }
}
size_cases <- lapply(list(c(0.6, 1000, 200), c(0.6, 1000, 4000), c(0.42, 100, 2000), c(0.9, 2000, 2000), c(0.05, 50, 97000)),
  function(v) json_object(list(
    reliability = json_number(v[1]), fromSize = json_number(v[2]), toSize = json_number(v[3]),
    stepped = json_number(step_formula(v[1], v[3] / v[2]))
  ), indent = "      "))
split_cases <- lapply(c(0, 0.2, 0.5, 0.77, 0.99, 1), function(r) json_object(list(
  splitHalfCorrelation = json_number(r), full = json_number(step_formula(r, 2))
), indent = "      "))

# Disattenuation from psych::correct.cor on a 4 x 4 correlation matrix with reliabilities on the diagonal.
observed <- matrix(c(
  1, 0.42, 0.15, -0.3,
  0.42, 1, 0.61, 0.05,
  0.15, 0.61, 1, -0.72,
  -0.3, 0.05, -0.72, 1
), 4)
reliabilities <- c(0.81, 0.64, 0.93, 0.55)
corrected <- correct.cor(observed, reliabilities)
disattenuation_cases <- list()
for (j in 2:4) for (i in 1:(j - 1)) {
  disattenuation_cases[[length(disattenuation_cases) + 1]] <- json_object(list(
    r = json_number(observed[i, j]),
    reliabilityX = json_number(reliabilities[i]),
    reliabilityY = json_number(reliabilities[j]),
    disattenuated = json_number(corrected[i, j]),
    matchedCeiling = json_number(sqrt(reliabilities[i] * reliabilities[j]))
  ), indent = "      ")
}

# --- Multiplicity ---------------------------------------------------------------------------
holm_levels <- function(p, alpha) {
  levels <- rep(NA_real_, length(p))
  divisors <- rep(NA_real_, length(p))
  defined <- which(!is.na(p))
  m <- length(defined)
  order_defined <- defined[order(p[defined])]
  divisor <- m
  stopped <- FALSE
  previous <- NA_real_
  for (rank in seq_len(m)) {
    index <- order_defined[rank]
    if (!stopped && (is.na(previous) || p[index] != previous)) divisor <- m - rank + 1
    levels[index] <- 1 - alpha / divisor
    divisors[index] <- divisor
    if (!stopped && divisor * p[index] > alpha) stopped <- TRUE
    previous <- p[index]
  }
  # The levels must agree with Holm: a comparison is significant at its own level
  # (divisor * p <= alpha, i.e. p <= 1 - level) exactly when Holm rejects it.
  stopifnot(identical(which(divisors * p <= alpha), which(p.adjust(p, "holm") <= alpha)))
  levels
}

p_case <- function(name, p) {
  json_object(list(
    name = json_string(name),
    p = json_vector(p),
    holm = json_vector(p.adjust(p, "holm")),
    bh = json_vector(p.adjust(p, "BH")),
    holmLevels05 = json_vector(holm_levels(p, 0.05)),
    holmLevels10 = json_vector(holm_levels(p, 0.10))
  ))
}

p_random <- runif(20)^3
p_random[c(4, 13)] <- c(0, 1)
p_cases <- list(
  p_case("ascending5", c(0.01, 0.02, 0.03, 0.04, 0.05)),
  p_case("ties", c(0.01, 0.01, 0.03, 0.03, 0.2, 0.04)),
  p_case("oneNA", c(0.01, NA, 0.04)),
  p_case("severalNA", c(NA, 0.2, 0.001, NA, 0.04, 0.04, 0.5)),
  p_case("capsAtOne", c(0.4, 0.6, 0.9, 0.35)),
  p_case("holmStops", c(0.03, 0.04)),
  p_case("single", c(0.7)),
  p_case("singleWithNA", c(NA, 0.3)),
  p_case("allNA", c(NA_real_, NA_real_)),
  p_case("empty", numeric(0)),
  p_case("random20", p_random)
)

bootstrap_p <- function(d, null_value = 0) {
  d <- d[is.finite(d)]
  if (length(d) == 0) return(NA_real_)
  min(1, 2 * min(1 + sum(d <= null_value), 1 + sum(d >= null_value)) / (1 + length(d)))
}
bootstrap_case <- function(name, replicates, null_value = 0) {
  json_object(list(
    name = json_string(name),
    replicates = json_vector(replicates),
    nullValue = json_number(null_value),
    pValue = json_number(bootstrap_p(replicates, null_value))
  ))
}
d_shifted <- rnorm(199, 0.1, 0.05)
d_missing <- rnorm(99, -0.02, 0.05)
d_missing[c(5, 50)] <- NA
bootstrap_cases <- list(
  bootstrap_case("mostlyPositive", d_shifted),
  bootstrap_case("straddlesZeroWithNA", d_missing),
  bootstrap_case("atZero", c(-1, 0, 0, 1, 2)),
  bootstrap_case("allAbove", rep(0.5, 9)),
  bootstrap_case("nullValueShifted", d_shifted, 0.1)
)

document <- paste0(
  "{\n",
  '  "generator": ', json_string(paste0(
    "scripts/reference/headline.R (", R.version.string, "; psych ", packageVersion("psych"),
    if (have_epir) paste0("; epiR ", packageVersion("epiR")) else "; epiR not installed", ")"
  )), ",\n",
  '  "linConcordance": ', json_array(ccc_cases), ",\n",
  '  "spearmanBrown": {\n',
  '    "step": ', json_array(step_cases, indent = "    "), ",\n",
  '    "atSize": ', json_array(size_cases, indent = "    "), ",\n",
  '    "splitHalf": ', json_array(split_cases, indent = "    "), ",\n",
  '    "disattenuation": ', json_array(disattenuation_cases, indent = "    "), "\n",
  "  },\n",
  '  "pAdjust": ', json_array(p_cases), ",\n",
  '  "bootstrapPValue": ', json_array(bootstrap_cases), "\n",
  "}\n"
)
dir.create(dirname(out_file), recursive = TRUE, showWarnings = FALSE)
writeLines(document, out_file, sep = "")
cat("wrote", normalizePath(out_file), "\n")
