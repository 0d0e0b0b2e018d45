#!/usr/bin/env bash
# Installs what RepScope's real VS Code tests need, on Debian/Ubuntu, without any download but
# the npm registry and Debian's packages:
#   - apt: chromium (the browser playwright drives), ripgrep (stands in for @vscode/ripgrep's
#     GitHub download), libkrb5-dev (headers for code-server's kerberos native module);
#   - npm: code-server 4.100.3 (VS Code 1.100.3) and playwright-core, pinned by the lock here.
# Idempotent: when everything is in place it returns in well under a second.
#
# Exit codes: 0 ready; 3 cannot install here (not root and apt packages missing, or not a
# Debian-like system) -- callers treat that as "skip, and say how to install"; other codes fail.
#
# Why each trick (measured on Debian 12, node 20):
#   npm_config_unsafe_perm=true  code-server's postinstall refuses to run as root without it
#   npm_config_yes=true          node-pty's postinstall runs `npx node-gyp`, which would prompt
#   ripgrep tarball in tmpdir    @vscode/ripgrep's postinstall then uses it as a cached download
#   XDG_* in .ci/.work           code-server writes no config into the user's home
# .ci/vscode/node_modules is a symlink into the store (REPSCOPE_TOOLS_STORE overrides where).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$root/.ci/.work"
# Installed trees are kept per lock fingerprint outside the work tree, so a fresh clone (CI) or a
# second worktree on the same machine links an existing install instead of rebuilding 300 MB.
store="${REPSCOPE_TOOLS_STORE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/repscope/ci-vscode}"

APT_PACKAGES=(chromium ripgrep libkrb5-dev)
# The version code-server 4.100.3's VS Code depends on, and the release its postinstall fetches.
RIPGREP_PACKAGE_VERSION=1.15.11
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

log() { printf 'install-vscode-tools: %s\n' "$*" >&2; }
cannot() {
  log "$*"
  log "install once (Debian/Ubuntu): sudo bash .ci/vscode/install.sh"
  exit 3
}

installed_apt_packages_missing() {
  local package
  for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -q '^install ok installed$' || echo "$package"
  done
}

ensure_apt_packages() {
  command -v dpkg-query >/dev/null || cannot "not a Debian-like system (no dpkg-query): install chromium, ripgrep and Kerberos headers yourself"
  local missing
  missing="$(installed_apt_packages_missing | tr '\n' ' ')"
  [ -z "${missing// /}" ] && return 0
  [ "$(id -u)" -eq 0 ] || cannot "missing Debian packages: $missing(apt-get needs root)"
  log "apt-get install $missing"
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  if ! apt-get install -y -q --no-install-recommends $missing >"$work/apt.log" 2>&1; then
    log "apt-get update (package lists missing or stale)"
    apt-get update -q >>"$work/apt.log" 2>&1
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $missing >>"$work/apt.log" 2>&1 || {
      tail -n 30 "$work/apt.log" >&2
      log "apt-get install failed; full log: $work/apt.log"
      exit 1
    }
  fi
}

lock_fingerprint() {
  { cat "$here/package-lock.json"; node --version; uname -m; } | sha256sum | cut -d' ' -f1
}

# The install for this lock, complete (marked only after npm ci succeeded).
installed_tree() {
  local tree="$store/$(lock_fingerprint)"
  [ -f "$tree/.complete" ] && [ -x "$tree/node_modules/.bin/code-server" ] && echo "$tree"
}

link_tree() {
  local link="$here/node_modules"
  [ "$(readlink "$link" 2>/dev/null)" = "$1/node_modules" ] && return 0
  rm -rf "$link"
  ln -s "$1/node_modules" "$link"
}

place_ripgrep_cache() {
  local tmp cache
  tmp="$(node -p 'require("os").tmpdir()')"
  cache="$tmp/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
  [ -s "$cache/$RIPGREP_ASSET" ] && return 0
  mkdir -p "$cache"
  tar -czf "$cache/$RIPGREP_ASSET.tmp" -C "$(dirname "$(command -v rg)")" rg
  mv "$cache/$RIPGREP_ASSET.tmp" "$cache/$RIPGREP_ASSET"
}

install_npm_tools() {
  local tree
  if tree="$(installed_tree)"; then
    link_tree "$tree"
    return 0
  fi
  place_ripgrep_cache
  tree="$store/$(lock_fingerprint)"
  local building="$tree.building-$$"
  rm -rf "$building"
  mkdir -p "$building"
  cp "$here/package.json" "$here/package-lock.json" "$building/"
  log "npm ci for .ci/vscode in $building (code-server, playwright-core; 1-3 min)"
  (
    cd "$building"
    export npm_config_unsafe_perm=true npm_config_yes=true
    # Never let a postinstall fetch a browser of its own: chromium comes from Debian.
    export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
    npm ci --no-audit --no-fund --loglevel=error >"$work/npm-ci.log" 2>&1
  ) || {
    tail -n 40 "$work/npm-ci.log" >&2
    log "npm ci failed; full log: $work/npm-ci.log"
    rm -rf "$building"
    exit 1
  }
  touch "$building/.complete"
  # Another install may have finished first; either tree is complete, keep the one in place.
  mv -T "$building" "$tree" 2>/dev/null || rm -rf "$building"
  link_tree "$tree"
}

mkdir -p "$work/xdg/config" "$work/xdg/data" "$work/xdg/cache"
export XDG_CONFIG_HOME="$work/xdg/config" XDG_DATA_HOME="$work/xdg/data" XDG_CACHE_HOME="$work/xdg/cache"
ensure_apt_packages
install_npm_tools
log "ready: code-server $("$here/node_modules/.bin/code-server" --version 2>/dev/null | tail -n 1), $(/usr/bin/chromium --version 2>/dev/null)"
