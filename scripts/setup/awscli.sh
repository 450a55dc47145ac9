#!/usr/bin/env bash
# Installs Debian's awscli, the independent S3 client the sinks/objstore and
# `serve s3` tests read and write the embedded S3 server with. Idempotent:
# does nothing when an `aws` on PATH runs (a version manager's shim for a
# CLI that is not installed does not count).
set -euo pipefail

IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
	if [ -x "$d/aws" ] && "$d/aws" --version >/dev/null 2>&1; then
		exit 0
	fi
done

if ! command -v apt-get >/dev/null 2>&1; then
	echo "awscli.sh: no working aws on PATH and apt-get is not available; install the AWS CLI with your package manager" >&2
	exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	sudo="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y --no-install-recommends awscli >/dev/null 2>&1; then
	$sudo apt-get update -q >/dev/null
	$sudo apt-get install -y --no-install-recommends awscli >/dev/null
fi
/usr/bin/aws --version >/dev/null
