#!/usr/bin/env bash
# Stops what scripts/run.sh started: nginx, gunicorn (or the development server), socket.io, the
# background workers and the scheduler (MariaDB and Redis keep running). A worker ends once its job is done.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
stop_server
