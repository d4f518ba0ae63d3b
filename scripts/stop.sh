#!/usr/bin/env bash
# Stops the web server and workers that scripts/run.sh started (MariaDB and Redis keep running).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
stop_server
