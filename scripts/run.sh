#!/usr/bin/env bash
# Sets up everything that is missing, loads the demo data and serves the app on http://localhost:$SF_PORT.
# Usage: scripts/run.sh [--scale N]   (N multiplies the demo data; default 1)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

scale=1
[ "${1:-}" = "--scale" ] && scale=${2:?--scale needs a number}

setup_common
step site ensure_site "$SF_SITE"
step demo-data bench_cmd --site "$SF_SITE" execute sales_flow.demo.make_demo --kwargs "{'scale': $scale}"
step default-site bench_cmd use "$SF_SITE"
step server start_server "$SF_SITE"

cat <<MSG

sales_flow is running: http://localhost:$SF_PORT/app/ventes
Login: Administrator / $SF_ADMIN_PASSWORD   (a sales rep: commercial@demo.sales-flow.fr / demo-password)
Logs: $SF_LOG_DIR   Stop: scripts/stop.sh
MSG
