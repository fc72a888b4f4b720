#!/usr/bin/env bash
# Installs the Debian packages some tests need (tshark decodes condis's captures), when missing.
# Runs apt-get as root, or through sudo. Used by `npm run setup` and by .ci/run.
set -euo pipefail
need=()
command -v tshark >/dev/null 2>&1 || need+=(tshark)
if [ "${#need[@]}" -eq 0 ]; then
  echo "setup: the Debian packages the tests need are installed (tshark)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: install ${need[*]} with your system's package manager (the tests that decode captures need it)" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "setup: run as root, or install ${need[*]}: apt-get install ${need[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
echo "wireshark-common wireshark-common/install-setuid boolean false" | "${sudo[@]}" debconf-set-selections || true
echo "setup: apt-get install ${need[*]}"
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
