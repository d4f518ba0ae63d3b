#!/usr/bin/env bash
# Sets up everything that is missing, then runs the whole test suite on a real site.
# Usage: scripts/test.sh [pytest arguments]   (e.g. scripts/test.sh -k quotation -x)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_common
step test-site ensure_site "$SF_TEST_SITE"
run_tests "$SF_TEST_SITE" "$@"
