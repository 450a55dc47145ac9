#!/usr/bin/env bash
# Installs kcat (librdkafka's command-line client), the independent Kafka
# client the sinks/kafka tests read topics with. Safe to run again: it does
# nothing when kcat is already on PATH.
set -euo pipefail

if command -v kcat >/dev/null 2>&1; then
	exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
	echo "kcat.sh: kcat is missing and apt-get is not available; install kcat with your package manager" >&2
	exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	sudo="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y --no-install-recommends kcat >/dev/null 2>&1; then
	$sudo apt-get update -q >/dev/null
	$sudo apt-get install -y --no-install-recommends kcat >/dev/null
fi
command -v kcat >/dev/null
