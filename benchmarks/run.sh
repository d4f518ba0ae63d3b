#!/usr/bin/env bash
# Runs one benchmark on a real site, as the bench user, from the bench's sites/ folder (as run_tests does).
# Usage: benchmarks/run.sh NAME [arguments]     e.g. benchmarks/run.sh cycle --repeat 9
# The site is $SF_TEST_SITE (default test.sales-flow.localhost) unless --site is given.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

if [ $# -lt 1 ]; then
	echo "usage: benchmarks/run.sh NAME [arguments]; NAME is one of:" $(cd "$SF_APP_DIR/benchmarks" && ls *.py | sed 's/\.py$//') >&2
	exit 2
fi
script="$SF_APP_DIR/benchmarks/$1.py"
shift
[ -f "$script" ] || { echo "no benchmark at $script" >&2; exit 2; }

step mariadb start_mariadb
step redis start_redis
site_args=(--site "$SF_TEST_SITE")
for arg in "$@"; do
	case $arg in --site | --site=*) site_args=() ;; esac
done
cd "$SF_BENCH_DIR/sites"
as_bench_user ../env/bin/python "$script" "${site_args[@]}" "$@"
