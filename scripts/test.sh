#!/usr/bin/env bash
# Sets up everything that is missing, then runs the whole test suite on a real site.
# Usage: scripts/test.sh [pytest arguments]   (e.g. scripts/test.sh -k quotation -x)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# the app's layers (.importlinter): an import that points the wrong way fails before any test runs
check_layers() {
	(cd "$SF_APP_DIR" && as_bench_user "$SF_BENCH_DIR/env/bin/lint-imports" --no-cache)
}

setup_common
step import-layers check_layers
step test-site ensure_site "$SF_TEST_SITE"
run_tests "$SF_TEST_SITE" "$@"
