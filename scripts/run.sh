#!/usr/bin/env bash
# Sets up everything that is missing, loads the demo data and serves the app on http://localhost:$SF_PORT
# as in production: nginx in front of gunicorn and Frappe's socket.io (realtime), background workers
# and the scheduler, all in the background until scripts/stop.sh.
# Usage: scripts/run.sh [--scale N] [--dev]
#   --scale N  multiplies the demo data (default 1)
#   --dev      bench's development server instead of nginx and gunicorn: code reloaded on change,
#              Werkzeug's debugger on errors; never for users
# Scale: SF_WEB_WORKERS gunicorn workers (default 2 x cores + 1), SF_WORKERS background workers (1).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

scale=1
mode=""
while [ $# -gt 0 ]; do
	case $1 in
		--scale)
			scale=${2:?--scale needs a number}
			shift 2
			;;
		--dev)
			mode=--dev
			shift
			;;
		*)
			echo "unknown argument: $1 (usage: scripts/run.sh [--scale N] [--dev])" >&2
			exit 2
			;;
	esac
done

setup_common
step site ensure_site "$SF_SITE"
step demo-data bench_cmd --site "$SF_SITE" execute sales_flow.demo.make_demo --kwargs "{'scale': $scale}"
step default-site bench_cmd use "$SF_SITE"
# new sites have it off; the daily jobs (subscriptions, expiries, follow-ups) are part of the app
step scheduler bench_cmd --site "$SF_SITE" enable-scheduler
step server start_server "$SF_SITE" $mode

if [ "$mode" = --dev ]; then
	served="bench's development server, socket.io on port $(common_config socketio_port)"
else
	served="gunicorn ($SF_WEB_WORKERS workers) behind nginx, with socket.io"
fi
cat <<MSG

sales_flow is running: http://localhost:$SF_PORT/app/ventes
Served by $served; $SF_WORKERS background worker(s) and the scheduler.
Login: Administrator / $SF_ADMIN_PASSWORD   (a sales rep: commercial@demo.sales-flow.fr / demo-password)
Logs: $SF_LOG_DIR and $SF_BENCH_DIR/logs/sales-flow-web-*.log   Stop: scripts/stop.sh
MSG
