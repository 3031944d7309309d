#!/usr/bin/env bash
# Installs what botcensus needs from Debian on a fresh machine: PCRE2 (banner matching), SQLite (case store),
# pkg-config (SwiftPM finds PCRE2 through it). Safe to run again: it installs only what is missing.
set -euo pipefail

need=()
pkg-config --version >/dev/null 2>&1 || need+=(pkg-config)
pkg-config --exists libpcre2-8 2>/dev/null || need+=(libpcre2-dev)
[ -f /usr/include/sqlite3.h ] || need+=(libsqlite3-dev)

if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing ${need[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq || true
    $sudo apt-get install -y -qq "${need[@]}"
fi
