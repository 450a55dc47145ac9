#!/usr/bin/env bash
# Installs the PostgreSQL server binaries (initdb, pg_ctl) the graph store
# tests and `dsn: embedded` start a throwaway server with. Idempotent: does
# nothing when initdb is already on PATH or under /usr/lib/postgresql.
set -euo pipefail

if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "postgres.sh: initdb not found; install the postgresql package as root (apt-get install -y postgresql)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq postgresql >/dev/null
# The Debian package starts a cluster of its own; the tests start theirs.
if command -v pg_ctlcluster >/dev/null 2>&1; then
	for v in /usr/lib/postgresql/*; do
		pg_ctlcluster "$(basename "$v")" main stop >/dev/null 2>&1 || true
	done
fi
ls /usr/lib/postgresql/*/bin/initdb >/dev/null
