#!/bin/sh
# Installs Debian's chromium for the HTML report browser check
# (analysis/report: TestBrowser). Idempotent: does nothing when a chromium
# binary is already on PATH. Needs root (or sudo) and the apt archive.
set -eu

for bin in chromium chromium-browser google-chrome; do
	if command -v "$bin" >/dev/null 2>&1; then
		exit 0
	fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends chromium; then
	$SUDO apt-get update
	$SUDO apt-get install -y --no-install-recommends chromium
fi
command -v chromium >/dev/null
