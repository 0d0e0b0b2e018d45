# Reference values for src/core/linalg and src/core/latent, from base R (eigen, svd: LAPACK) and
# psych (principal, factor.congruence). Writes test/fixtures/reference/latent.json.
#
# vegan is not installed, so the Mantel test here is an independent plain-R implementation with
# the same semantics as src/core/latent/mantel.ts: Pearson r of the upper triangles (pairs
# complete in both, per permutation), items of the second matrix relabelled, one-sided
# p = (1 + #{r_perm >= r - sqrt(eps)}) / (1 + permutations). R's permutations come from R's own
# generator, so the TS tests compare its statistic exactly and its p-value statistically.
#
# Matrices are written row-major as flat arrays; NaN/NA as null. Deterministic: fixed seed and
# RNG kinds, numbers printed with 17 significant digits.
suppressPackageStartupMessages(library(psych))
set.seed(20260101, kind = "Mersenne-Twister", normal.kind = "Inversion", sample.kind = "Rejection")

# ---- minimal JSON writer (base R only) ----
num <- function(x) ifelse(is.na(x), "null", sprintf("%.17g", x))
to_json <- function(x) {
  if (inherits(x, "json_array")) return(paste0("[", paste(num(unclass(x)), collapse = ","), "]"))
  if (is.list(x)) {
    items <- vapply(x, to_json, "")
    if (is.null(names(x))) return(paste0("[", paste(items, collapse = ","), "]"))
    return(paste0("{", paste0("\"", names(x), "\":", items, collapse = ","), "}"))
  }
  if (is.character(x)) return(paste0("\"", x, "\""))
  if (is.logical(x)) return(if (isTRUE(x)) "true" else "false")
  if (length(x) == 1) return(num(x))
  paste0("[", paste(num(x), collapse = ","), "]")
}
arr <- function(x) structure(as.numeric(x), class = "json_array")
row_major <- function(m) arr(as.vector(t(m)))

# ---- input correlation matrices ----
factor_data <- function(n, loadings) {
  k <- ncol(loadings)
  scores <- matrix(rnorm(n * k), n, k)
  unique_sd <- sqrt(pmax(0.05, 1 - rowSums(loadings^2)))
  scores %*% t(loadings) + matrix(rnorm(n * nrow(loadings)), n, nrow(loadings)) %*% diag(unique_sd)
}
three_factor <- function(p) {
  l <- matrix(0, p, 3)
  for (i in seq_len(p)) l[i, ((i - 1) %% 3) + 1] <- runif(1, 0.45, 0.8)
  l[, 1] <- l[, 1] + runif(p, -0.15, 0.15)
  l
}

loadings_human <- three_factor(12)
human12 <- cor(factor_data(300, loadings_human))
# The "model": the same items, a similar but distorted structure, fewer respondents.
loadings_model <- loadings_human + matrix(runif(12 * 3, -0.15, 0.15), 12, 3)
model12 <- cor(factor_data(150, loadings_model[, c(2, 3, 1)]))
random40 <- cor(matrix(rnorm(200 * 40), 200, 40))
toeplitz8 <- 0.6^abs(outer(1:8, 1:8, "-"))
bigger <- three_factor(60)
human60 <- cor(factor_data(500, bigger))

matrices <- list(
  list(name = "three-factor 12 items (human)", m = human12),
  list(name = "three-factor 12 items (model)", m = model12),
  list(name = "independent 40 items", m = random40),
  list(name = "toeplitz 0.6 8 items", m = toeplitz8),
  list(name = "three-factor 60 items", m = human60)
)

# ---- eigen and principal components ----
k <- 3
eigen_cases <- lapply(matrices, function(entry) {
  m <- entry$m
  e <- eigen(m, symmetric = TRUE)
  pc <- principal(m, nfactors = k, rotate = "none")
  gaps <- c(-diff(e$values), Inf)
  gaps <- pmin(gaps, c(Inf, -diff(e$values)))
  list(
    name = entry$name,
    n = nrow(m),
    matrix = row_major(m),
    values = arr(e$values),
    vectors = row_major(e$vectors),
    # smallest distance from each eigenvalue to its neighbours: vectors are compared only where
    # this is large enough for the eigenvector to be well determined
    eigengaps = arr(gaps),
    components = k,
    loadings = row_major(unclass(pc$loadings)),
    explainedVariance = arr(e$values[1:k] / sum(diag(m)))
  )
})

# ---- Procrustes and Tucker: model loadings rotated toward human loadings ----
loadings_of <- function(m) unclass(principal(m, nfactors = k, rotate = "none")$loadings)
procrustes_case <- function(name, target, loadings) {
  s <- svd(t(loadings) %*% target)
  rotation <- s$u %*% t(s$v)
  rotated <- loadings %*% rotation
  overall <- function(x, y) sum(x * y) / sqrt(sum(x^2) * sum(y^2))
  list(
    name = name,
    rows = nrow(target),
    components = ncol(target),
    target = row_major(target),
    loadings = row_major(loadings),
    rotation = row_major(rotation),
    rotated = row_major(rotated),
    congruenceBefore = row_major(factor.congruence(loadings, target, digits = 17)),
    congruenceAfter = row_major(factor.congruence(rotated, target, digits = 17)),
    overallBefore = overall(loadings, target),
    overallAfter = overall(rotated, target)
  )
}
known_rotation <- qr.Q(qr(matrix(rnorm(9), 3, 3)))
target60 <- loadings_of(human60)
procrustes_cases <- list(
  procrustes_case("model vs human, 12 items", loadings_of(human12), loadings_of(model12)),
  procrustes_case("rotated and noisy copy, 60 items", target60,
                  target60 %*% known_rotation + matrix(rnorm(60 * 3, sd = 0.05), 60, 3))
)

# ---- Mantel ----
mantel_plain <- function(a, b, permutations) {
  upper <- upper.tri(a)
  statistic <- cor(a[upper], b[upper], use = "complete.obs")
  n <- nrow(a)
  null <- replicate(permutations, {
    s <- sample.int(n)
    cor(a[upper], b[s, s][upper], use = "complete.obs")
  })
  p <- (1 + sum(null >= statistic - sqrt(.Machine$double.eps))) / (1 + permutations)
  list(statistic = statistic, p = p, pairs = sum(complete.cases(a[upper], b[upper])))
}
noisy_copy <- function(m, sd) {
  noise <- matrix(rnorm(length(m), sd = sd), nrow(m))
  noise <- (noise + t(noise)) / 2
  diag(noise) <- 0
  m + noise
}
weak15_a <- cor(factor_data(80, three_factor(15)))
weak15_b <- noisy_copy(weak15_a, 1.5)
with_gaps <- model12
with_gaps[2, 7] <- with_gaps[7, 2] <- NA
with_gaps[5, 11] <- with_gaps[11, 5] <- NA
with_gaps[1, 3] <- with_gaps[3, 1] <- NA

mantel_permutations <- 9999
mantel_case <- function(name, a, b) {
  result <- mantel_plain(a, b, mantel_permutations)
  list(
    name = name,
    n = nrow(a),
    a = row_major(a),
    b = row_major(b),
    permutations = mantel_permutations,
    statistic = result$statistic,
    pValue = result$p,
    pairs = result$pairs
  )
}
mantel_cases <- list(
  mantel_case("human vs model, 12 items", human12, model12),
  mantel_case("weakly related, 15 items", weak15_a, weak15_b),
  mantel_case("independent 40 items vs noisy 40", random40, noisy_copy(cor(matrix(rnorm(200 * 40), 200, 40)), 0.01)),
  mantel_case("human vs model with undefined pairs, 12 items", human12, with_gaps)
)

output <- list(
  generator = paste0("scripts/reference/latent.R (", R.version.string, ", psych ", as.character(packageVersion("psych")), ")"),
  eigen = eigen_cases,
  procrustes = procrustes_cases,
  mantel = mantel_cases
)
dir.create("test/fixtures/reference", recursive = TRUE, showWarnings = FALSE)
writeLines(to_json(output), "test/fixtures/reference/latent.json")
cat("wrote test/fixtures/reference/latent.json\n")
for (case in mantel_cases) cat(sprintf("mantel %-50s r = %.4f p = %.4f\n", case$name, case$statistic, case$pValue))
