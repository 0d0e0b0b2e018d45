#!/usr/bin/env Rscript
# Reference values for the correlation-structure engine (src/core/structure/).
#
# Writes test/fixtures/reference/correlations.json with, per dataset (inputs embedded; NA written as
# the WVS-style missing code -1, weights positive):
# - pearson:  cor(X, use = "pairwise.complete.obs")
# - spearman: cor(X, method = "spearman", use = "pairwise.complete.obs")
# - weightedPearson: per pair, cov.wt(cbind(x, y)[complete, ], wt = w[complete], cor = TRUE)$cor[1, 2]
# - weightedSpearman: per pair, RepScope's definition computed by explicit formula: weighted
#   midranks rank_k = W_below_k + W_k / 2 over the pair's complete cases, then the cov.wt correlation
#   of those ranks with the same weights
# - n: pairwise-complete counts, crossprod(!is.na(X))
# Undefined values (zero variance within a pair's complete cases; R gives NA) are written as null.
# Also the group-mean correlation (cor across groups, pairwise-complete, NA below 3 groups) and a
# comparison of two matrices (Pearson r, RMSE, mean |d|, Frobenius over the symmetric off-diagonal,
# per-item row RMSE).
# Deterministic (set.seed); base R only (jsonlite is not assumed, JSON is written by hand).

set.seed(20260101)

out_file <- local({
  args <- commandArgs(trailingOnly = FALSE)
  script <- sub("^--file=", "", args[grep("^--file=", args)])
  root <- if (length(script) == 1) file.path(dirname(script), "..", "..") else "."
  file.path(root, "test", "fixtures", "reference", "correlations.json")
})

# --- JSON by hand ---------------------------------------------------------------------------
json_number <- function(x) {
  ifelse(is.na(x) | !is.finite(x), "null", sprintf("%.17g", x))
}
json_vector <- function(x) paste0("[", paste(json_number(x), collapse = ","), "]")
json_int_vector <- function(x) paste0("[", paste(ifelse(is.na(x), "null", sprintf("%d", as.integer(x))), collapse = ","), "]")
json_matrix <- function(m) paste0("[", paste(apply(m, 1, json_vector), collapse = ",\n      "), "]")
json_string <- function(s) paste0('"', gsub('"', '\\\\"', s), '"')
json_object <- function(fields, indent = "  ") {
  body <- paste0(indent, "  ", json_string(names(fields)), ": ", unlist(fields), collapse = ",\n")
  paste0("{\n", body, "\n", indent, "}")
}

# --- Reference statistics -------------------------------------------------------------------
weighted_pearson <- function(x, y, w) {
  ok <- !is.na(x) & !is.na(y)
  if (length(unique(x[ok])) < 2 || length(unique(y[ok])) < 2) return(NA_real_)
  cov.wt(cbind(x[ok], y[ok]), wt = w[ok], cor = TRUE)$cor[1, 2]
}

weighted_midranks <- function(v, w) {
  values <- sort(unique(v))
  weight <- vapply(values, function(k) sum(w[v == k]), numeric(1))
  below <- cumsum(weight) - weight
  (below + weight / 2)[match(v, values)]
}

weighted_spearman <- function(x, y, w) {
  ok <- !is.na(x) & !is.na(y)
  x <- x[ok]; y <- y[ok]; w <- w[ok]
  if (length(unique(x)) < 2 || length(unique(y)) < 2) return(NA_real_)
  cov.wt(cbind(weighted_midranks(x, w), weighted_midranks(y, w)), wt = w, cor = TRUE)$cor[1, 2]
}

pairwise_matrix <- function(X, w, statistic) {
  p <- ncol(X)
  m <- matrix(NA_real_, p, p)
  for (i in seq_len(p)) for (j in seq_len(p)) {
    if (i == j) {
      m[i, j] <- if (length(unique(na.omit(X[, i]))) >= 2) 1 else NA_real_
    } else {
      m[i, j] <- statistic(X[, i], X[, j], w)
    }
  }
  m
}

dataset_json <- function(name, description, X, codes, w) {
  p <- ncol(X)
  pearson <- suppressWarnings(cor(X, use = "pairwise.complete.obs"))
  spearman <- suppressWarnings(cor(X, method = "spearman", use = "pairwise.complete.obs"))
  # R leaves the diagonal at 1 even for a constant item; RepScope reports NaN there.
  for (i in seq_len(p)) if (length(unique(na.omit(X[, i]))) < 2) {
    pearson[i, i] <- NA_real_
    spearman[i, i] <- NA_real_
  }
  coded <- X
  coded[is.na(coded)] <- -1L
  json_object(list(
    name = json_string(name),
    description = json_string(description),
    nRows = nrow(X),
    nItems = p,
    codes = paste0("[", paste(vapply(codes, json_int_vector, ""), collapse = ", "), "]"),
    columns = paste0("[\n      ", paste(apply(coded, 2, json_int_vector), collapse = ",\n      "), "]"),
    weights = json_vector(w),
    n = json_matrix(crossprod(!is.na(X)) * 1),
    pearson = json_matrix(pearson),
    spearman = json_matrix(spearman),
    weightedPearson = json_matrix(pairwise_matrix(X, w, weighted_pearson)),
    weightedSpearman = json_matrix(pairwise_matrix(X, w, weighted_spearman))
  ), indent = "    ")
}

clamp <- function(z, lo, hi) pmin(hi, pmax(lo, z))
cut4 <- function(z) as.integer(cut(z, breaks = c(-Inf, -0.8, 0, 0.7, Inf)))

# Dataset 1: 300 x 6, two latent factors, 4- and 10-point items, ~8% NA, one constant item.
n1 <- 300
f <- rnorm(n1)
g <- rnorm(n1)
X1 <- cbind(
  Q1 = cut4(0.7 * f + 0.5 * rnorm(n1)),
  Q2 = cut4(-0.6 * f + 0.3 * g + 0.6 * rnorm(n1)),
  Q3 = as.integer(clamp(round(5.5 + 2 * (0.5 * f + 0.5 * g) + 1.5 * rnorm(n1)), 1, 10)),
  Q4 = as.integer(clamp(round(5 + 2.5 * g + 2 * rnorm(n1)), 1, 10)),
  Q5 = cut4(0.4 * g + 0.8 * rnorm(n1)),
  Q6 = rep(3L, n1)
)
X1[matrix(runif(length(X1)) < 0.08, nrow(X1))] <- NA
w1 <- runif(n1, 0.2, 3)
codes1 <- list(1:4, 1:4, 1:10, 1:10, 1:4, 1:4)

# Dataset 2: 60 x 5, small scales (binary 1/2, 0..2, 1..5, 1..7) and one item asked only where
# Q1 == 1, so pair (Q1, Q5) has no variance in Q1 and is undefined.
n2 <- 60
h <- rnorm(n2)
X2 <- cbind(
  Q1 = as.integer(ifelse(h + rnorm(n2) > 0, 1L, 2L)),
  Q2 = as.integer(clamp(round(1 + 0.8 * h + 0.7 * rnorm(n2)), 0, 2)),
  Q3 = as.integer(clamp(round(3 - h + rnorm(n2)), 1, 5)),
  Q4 = as.integer(clamp(round(4 + 1.5 * h + 1.5 * rnorm(n2)), 1, 7)),
  Q5 = as.integer(clamp(round(4 + h + rnorm(n2)), 1, 7))
)
X2[matrix(runif(length(X2)) < 0.08, nrow(X2))] <- NA
X2[!is.na(X2[, "Q1"]) & X2[, "Q1"] == 2L, "Q5"] <- NA
X2[is.na(X2[, "Q1"]), "Q5"] <- NA
w2 <- exp(rnorm(n2, 0, 0.6))
codes2 <- list(1:2, 0:2, 1:5, 1:7, 1:7)

# Group means: 8 groups x 5 items in [0, 1], some missing; item 5 has only 2 finite means.
group_means <- matrix(runif(40), nrow = 8)
group_means[, 2] <- 0.6 * group_means[, 1] + 0.4 * runif(8)
group_means[cbind(c(2, 5, 7), c(1, 3, 4))] <- NA
group_means[3:8, 5] <- NA
group_r <- suppressWarnings(cor(group_means, use = "pairwise.complete.obs"))
group_n <- crossprod(!is.na(group_means)) * 1
group_r[group_n < 3] <- NA_real_

# Matrix comparison: a "human" and a "model" 6 x 6 correlation matrix, model has one undefined pair.
human <- suppressWarnings(cor(X1[, 1:5], use = "pairwise.complete.obs"))
human <- rbind(cbind(human, c(0.1, -0.2, 0.3, 0.05, -0.1)), c(0.1, -0.2, 0.3, 0.05, -0.1, 1))
model <- human + matrix(rnorm(36, 0, 0.1), 6)
model <- (model + t(model)) / 2
diag(model) <- 1
model[2, 4] <- NA
model[4, 2] <- NA
upper <- upper.tri(human) & !is.na(human) & !is.na(model)
d <- (model - human)[upper]
row_error <- vapply(seq_len(6), function(i) {
  used <- (upper | t(upper))[i, ]
  sqrt(mean(((model - human)[i, ])[used]^2))
}, numeric(1))

document <- paste0(
  "{\n",
  '  "generator": "scripts/reference/correlations.R (', R.version.string, ')",\n',
  '  "datasets": [\n    ',
  dataset_json("latent300", "300 x 6: two latent factors, 4- and 10-point items, ~8% NA, Q6 constant", X1, codes1, w1),
  ",\n    ",
  dataset_json("small60", "60 x 5: binary, 0..2, 1..5, 1..7 items; Q5 only where Q1 == 1", X2, codes2, w2),
  "\n  ],\n",
  '  "groupMeans": ', json_object(list(
    nGroups = nrow(group_means),
    nItems = ncol(group_means),
    means = json_vector(t(group_means)),
    r = json_matrix(group_r),
    n = json_matrix(group_n)
  )), ",\n",
  '  "comparison": ', json_object(list(
    human = json_matrix(human),
    model = json_matrix(model),
    nPairs = sum(upper),
    r = json_number(cor(human[upper], model[upper])),
    rmse = json_number(sqrt(mean(d^2))),
    meanAbsoluteDifference = json_number(mean(abs(d))),
    frobenius = json_number(sqrt(2 * sum(d^2))),
    itemRowError = json_vector(row_error)
  )), "\n}\n"
)
dir.create(dirname(out_file), recursive = TRUE, showWarnings = FALSE)
writeLines(document, out_file, sep = "")
cat("wrote", normalizePath(out_file), "\n")
