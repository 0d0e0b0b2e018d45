#!/usr/bin/env Rscript
# Reference leaf orders for src/core/charts/clusterOrder.ts: average-linkage hierarchical
# clustering (UPGMA) of items on the distance 1 - r, from base R's
# hclust(as.dist(1 - R), method = "average"). Writes test/fixtures/reference/clusterOrder.json
# with, per case, the correlation matrix (row-major), R's merge heights and its leaf order
# (0-based). The matrices come from simulated data (continuous, so no tied distances, where
# R's and RepScope's tie-breaking could differ). Deterministic: fixed seed and RNG kinds.
set.seed(20260102, kind = "Mersenne-Twister", normal.kind = "Inversion", sample.kind = "Rejection")

out_file <- local({
  args <- commandArgs(trailingOnly = FALSE)
  script <- sub("^--file=", "", args[grep("^--file=", args)])
  root <- if (length(script) == 1) file.path(dirname(script), "..", "..") else "."
  file.path(root, "test", "fixtures", "reference", "clusterOrder.json")
})

num <- function(x) ifelse(is.na(x), "null", sprintf("%.17g", x))
arr <- function(x) paste0("[", paste(num(x), collapse = ","), "]")

# Items loading on `blocks` latent factors (shuffled so blocks are not contiguous), plus noise.
simulate <- function(n, p, blocks, loading) {
  factor_of <- sample(rep_len(seq_len(blocks), p))
  latent <- matrix(rnorm(n * blocks), n, blocks)
  x <- sapply(seq_len(p), function(j) loading * latent[, factor_of[j]] + rnorm(n))
  cor(x)
}

cases <- list(
  list(name = "six items, two blocks", r = simulate(200, 6, 2, 1.2)),
  list(name = "twelve items, three blocks", r = simulate(300, 12, 3, 1.0)),
  list(name = "twenty-five items, four weak blocks", r = simulate(400, 25, 4, 0.5)),
  list(name = "ten items, no structure", r = simulate(150, 10, 10, 0.0))
)

entries <- vapply(cases, function(case) {
  tree <- hclust(as.dist(1 - case$r), method = "average")
  sprintf(
    "{\"name\":\"%s\",\"size\":%d,\"matrix\":%s,\"heights\":%s,\"order\":%s}",
    case$name, nrow(case$r), arr(as.vector(t(case$r))), arr(tree$height), arr(tree$order - 1)
  )
}, "")

json <- paste0(
  "{\"source\":\"R ", R.version$major, ".", R.version$minor,
  " stats::hclust(as.dist(1 - R), method = 'average')\",\"cases\":[",
  paste(entries, collapse = ","), "]}\n"
)
writeLines(json, out_file, sep = "")
