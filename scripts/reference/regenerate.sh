#!/usr/bin/env bash
# Regenerates every reference fixture in test/fixtures/reference/ from independent
# implementations: R (r-base-core, r-cran-psych) and SciPy/pandas (python3-scipy, python3-pandas).
# Installs them from Debian when missing. The fixtures are committed, so tests need neither.
set -euo pipefail
cd "$(dirname "$0")/../.."

need=()
command -v Rscript >/dev/null || need+=(r-base-core)
Rscript -e 'library(psych)' >/dev/null 2>&1 || need+=(r-cran-psych)
Rscript -e "library(epiR)" >/dev/null 2>&1 || need+=(r-cran-epir)
/usr/bin/python3 -c 'import scipy, pandas' >/dev/null 2>&1 || need+=(python3-scipy python3-pandas)
if ((${#need[@]})); then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi

mkdir -p test/fixtures/reference
for script in scripts/reference/*.py; do
  [ -e "$script" ] || continue
  echo "python: $script"
  /usr/bin/python3 "$script"
done
for script in scripts/reference/*.R; do
  [ -e "$script" ] || continue
  echo "R: $script"
  Rscript "$script"
done
git status --short test/fixtures/reference || true
