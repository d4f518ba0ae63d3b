#!/usr/bin/env bash
# Shared, idempotent set-up steps for scripts/run.sh and scripts/test.sh.
# Every step logs to $SF_LOG_DIR/<step>.log; a failing step names itself and its log.
# Settings (environment variables, all optional):
#   SF_BENCH_USER        unprivileged user that owns the bench (default: frappe when root, else you)
#   SF_BENCH_DIR         bench folder (default: ~SF_BENCH_USER/sales-flow-bench)
#   SF_SITE              demo site served on :8000 (default: sales-flow.localhost)
#   SF_TEST_SITE         site the tests run on (default: test.sales-flow.localhost)
#   SF_DB_ROOT_PASSWORD  MariaDB root password set for bench (default: sales-flow-root)
#   SF_ADMIN_PASSWORD    Administrator password of both sites (default: admin)
#   SF_PORT              web port (default: 8000)
set -euo pipefail

SF_APP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# a run on a site named by the caller logs apart, so that parallel runs don't mix their logs
SF_LOG_DIR=${SF_LOG_DIR:-$SF_APP_DIR/.logs${SF_TEST_SITE:+/$SF_TEST_SITE}}
if [ "$(id -u)" -eq 0 ]; then
	SF_BENCH_USER=${SF_BENCH_USER:-frappe}
	SUDO=""
else
	SF_BENCH_USER=${SF_BENCH_USER:-$(id -un)}
	SUDO="sudo"
fi
SF_BENCH_HOME=$(getent passwd "$SF_BENCH_USER" | cut -d: -f6 || true)
SF_BENCH_HOME=${SF_BENCH_HOME:-/home/$SF_BENCH_USER}
SF_BENCH_DIR=${SF_BENCH_DIR:-$SF_BENCH_HOME/sales-flow-bench}
SF_SITE=${SF_SITE:-sales-flow.localhost}
SF_TEST_SITE=${SF_TEST_SITE:-test.sales-flow.localhost}
SF_DB_ROOT_PASSWORD=${SF_DB_ROOT_PASSWORD:-sales-flow-root}
SF_ADMIN_PASSWORD=${SF_ADMIN_PASSWORD:-admin}
SF_PORT=${SF_PORT:-8000}
SF_TOOLS_DIR=${SF_TOOLS_DIR:-$SF_BENCH_HOME/.sales-flow-tools}
SF_FRAPPE_BRANCH=version-15
SF_BENCH_VERSION=5.31.1
# bench and frappe start twice as slowly with this set
unset PYTHONDONTWRITEBYTECODE

mkdir -p "$SF_LOG_DIR"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# step NAME FUNCTION [ARGS...]: run FUNCTION with its output in a log; on failure name the step and log.
step() {
	local name=$1
	shift
	local log="$SF_LOG_DIR/$name.log"
	local started=$SECONDS
	say "$name"
	if ! "$@" >"$log" 2>&1 </dev/null; then
		echo "FAILED: step '$name' (log: $log). Last lines:" >&2
		tail -n 30 "$log" >&2
		exit 1
	fi
	echo "    ok ($((SECONDS - started)) s)"
}

as_bench_user() {
	if [ "$(id -un)" = "$SF_BENCH_USER" ]; then
		"$@"
	else
		$SUDO runuser -u "$SF_BENCH_USER" -- env "PATH=$SF_TOOLS_DIR/bin:$PATH" HOME="$SF_BENCH_HOME" "$@"
	fi
}

bench_cmd() { (cd "$SF_BENCH_DIR" && as_bench_user env "PATH=$SF_TOOLS_DIR/bin:$PATH" bench "$@"); }

# --- 1. Debian packages -------------------------------------------------------------------
SF_DEBIAN_PACKAGES=(mariadb-server mariadb-client redis-server libmariadb-dev pkg-config wkhtmltopdf
	python3-venv python3-dev python3-pip git curl acl xfonts-75dpi fonts-dejavu-core cron chromium nginx)

install_debian_packages() {
	local missing=()
	for pkg in "${SF_DEBIAN_PACKAGES[@]}" "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		echo "all present"
		return 0
	fi
	echo "installing: ${missing[*]}"
	$SUDO apt-get update
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

# node and yarn: frappe's asset build needs node >= 18 and yarn 1
ensure_node_and_yarn() {
	if ! command -v node >/dev/null; then
		$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm
	fi
	command -v yarn >/dev/null || $SUDO npm install -g yarn@1.22.22
	node --version
	yarn --version
}

# --- 2. MariaDB -----------------------------------------------------------------------------
buffer_pool_mb() {
	local total_kb
	total_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
	local mb=$((total_kb / 1024 / 4 / 128 * 128))
	echo $((mb < 512 ? 512 : mb))
}

mariadb_config() {
	cat <<-EOF
		[mysqld]
		character-set-server = utf8mb4
		collation-server = utf8mb4_unicode_ci
		character-set-client-handshake = FALSE
		bind-address = 127.0.0.1
		# a quarter of the machine's memory (at least 512 MB): the reports read years of lines, and
		# a page read from disk costs a hundred of one found in memory
		innodb_buffer_pool_size = $(buffer_pool_mb)M
		innodb_flush_log_at_trx_commit = 2
		# a test blocked on a metadata lock must fail in minutes, not in a day
		lock_wait_timeout = 300
		# Frappe writes a deleted document whole into one row of Deleted Document, and a version's
		# changes into one row of Version, each in one statement: past MariaDB's default of 16 MB the
		# server drops the connection ("MySQL server has gone away"), and a draft of some thousand
		# lines (over Selling Settings' maximum: saved before it, or under a higher one) could then be
		# neither deleted nor cut down
		max_allowed_packet = 256M
		# a binary log, so that a replica can follow this server (benchmarks/replica.sh); a day of it is
		# kept, written without a sync of its own (sync_binlog 0): the tests pay next to nothing
		server_id = 1
		log_bin = mariadb-bin
		binlog_expire_logs_seconds = 86400

		[mysql]
		default-character-set = utf8mb4
	EOF
}

start_mariadb() {
	local conf=/etc/mysql/mariadb.conf.d/99-sales-flow.cnf
	if ! cmp -s <(mariadb_config) "$conf" 2>/dev/null; then
		mariadb_config | $SUDO tee "$conf" >/dev/null
		# restart so a running server picks the settings up
		if $SUDO mariadb-admin ping >/dev/null 2>&1; then $SUDO mariadb-admin shutdown || true; sleep 2; fi
	fi
	if ! $SUDO mariadb-admin ping >/dev/null 2>&1 && ! mariadb-admin -uroot -p"$SF_DB_ROOT_PASSWORD" -h127.0.0.1 ping >/dev/null 2>&1; then
		$SUDO mkdir -p /run/mysqld
		$SUDO chown mysql:mysql /run/mysqld
		# by its pid file: another mariadbd (benchmarks/replica.sh's) is not this one
		$SUDO start-stop-daemon --start --oknodo --background --pidfile /run/mysqld/mysqld.pid \
			--exec /usr/sbin/mariadbd -- --user=mysql
		for _ in $(seq 1 60); do
			mariadb-admin -h127.0.0.1 -uroot -p"$SF_DB_ROOT_PASSWORD" ping >/dev/null 2>&1 && break
			$SUDO mariadb-admin ping >/dev/null 2>&1 && break
			sleep 1
		done
	fi
	if ! mariadb -h127.0.0.1 -uroot -p"$SF_DB_ROOT_PASSWORD" -e 'select 1' >/dev/null 2>&1; then
		$SUDO mariadb -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('$SF_DB_ROOT_PASSWORD') OR unix_socket; FLUSH PRIVILEGES;"
	fi
	mariadb -h127.0.0.1 -uroot -p"$SF_DB_ROOT_PASSWORD" -e 'select version()'
}

# --- 3. bench CLI and its user --------------------------------------------------------------
ensure_bench_user() {
	if ! id "$SF_BENCH_USER" >/dev/null 2>&1; then
		$SUDO useradd --create-home --shell /bin/bash "$SF_BENCH_USER"
	fi
	$SUDO chmod o+rx "$SF_BENCH_HOME"
	# the bench user runs git in the app checkout (owned by someone else)
	for dir in "$SF_APP_DIR" "$SF_BENCH_DIR/apps/sales_flow"; do
		git config --system --get-all safe.directory 2>/dev/null | grep -qxF "$dir" \
			|| $SUDO git config --system --add safe.directory "$dir"
	done
	# ... and writes into it (asset build output, DocType JSON saved from the desk in developer mode)
	if [ "$(stat -c %U "$SF_APP_DIR")" != "$SF_BENCH_USER" ]; then
		$SUDO setfacl -R -m "u:$SF_BENCH_USER:rwX" -m "d:u:$SF_BENCH_USER:rwX" "$SF_APP_DIR"
		# and reach it: only folders that others cannot cross get an entry (a named-user entry on
		# a folder like /tmp would narrow that user's rights there to this one bit)
		local dir=$SF_APP_DIR mode
		while [ "$dir" != "/" ]; do
			dir=$(dirname "$dir")
			mode=$(stat -c %A "$dir")
			case "${mode:9:1}" in x | t) ;; *) $SUDO setfacl -m "u:$SF_BENCH_USER:x" "$dir" ;; esac
		done
	fi
}

install_bench_cli() {
	if [ -x "$SF_TOOLS_DIR/bin/bench" ] && "$SF_TOOLS_DIR/bin/bench" --version 2>/dev/null | grep -qF "$SF_BENCH_VERSION"; then
		echo "bench $SF_BENCH_VERSION present"
		return 0
	fi
	as_bench_user /usr/bin/python3 -m venv "$SF_TOOLS_DIR"
	as_bench_user "$SF_TOOLS_DIR/bin/pip" install --quiet "frappe-bench==$SF_BENCH_VERSION" uv
}

# --- 4. bench with Frappe version-15 --------------------------------------------------------
init_bench() {
	if [ -d "$SF_BENCH_DIR/apps/frappe" ] && [ -x "$SF_BENCH_DIR/env/bin/python" ]; then
		echo "bench present at $SF_BENCH_DIR"
	else
		rm -rf "$SF_BENCH_DIR"
		(cd "$(dirname "$SF_BENCH_DIR")" && as_bench_user env "PATH=$SF_TOOLS_DIR/bin:$PATH" bench init \
			--frappe-branch "$SF_FRAPPE_BRANCH" --python /usr/bin/python3 --no-backups \
			"$(basename "$SF_BENCH_DIR")")
	fi
	# frappe 15 imports pkg_resources (gone in setuptools 80)
	as_bench_user "$SF_TOOLS_DIR/bin/uv" pip install --quiet "setuptools<80" --python "$SF_BENCH_DIR/env/bin/python"
	[ -f "$SF_BENCH_DIR/config/redis_queue.conf" ] || bench_cmd setup redis
}

start_redis() {
	local conf port
	for conf in redis_cache redis_queue; do
		port=$(sed -n 's/^port //p' "$SF_BENCH_DIR/config/$conf.conf")
		if ! redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then
			(cd "$SF_BENCH_DIR" && as_bench_user redis-server "config/$conf.conf" --daemonize yes)
		fi
		for _ in $(seq 1 20); do redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && break; sleep 0.5; done
		redis-cli -p "$port" ping
	done
}

# --- 5. the app, from this checkout ----------------------------------------------------------
link_app() {
	local link="$SF_BENCH_DIR/apps/sales_flow"
	if [ "$(readlink "$link" 2>/dev/null)" != "$SF_APP_DIR" ]; then
		as_bench_user rm -rf "$link"
		as_bench_user ln -s "$SF_APP_DIR" "$link"
	fi
	# one app a line; frappe writes the file without a final newline
	local apps
	apps=$( (echo frappe; tr -s '\n' '\n' <"$SF_BENCH_DIR/sites/apps.txt" | sed 's/^frappesales_flow$//' \
		| grep -vx -e frappe -e sales_flow; echo sales_flow) | grep .)
	printf '%s\n' "$apps" | as_bench_user tee "$SF_BENCH_DIR/sites/apps.txt" >/dev/null
	# editable: the checkout is what runs
	as_bench_user "$SF_TOOLS_DIR/bin/uv" pip install --quiet -e "$link" --python "$SF_BENCH_DIR/env/bin/python"
	as_bench_user "$SF_TOOLS_DIR/bin/uv" pip install --quiet -r "$SF_APP_DIR/requirements-dev.txt" --python "$SF_BENCH_DIR/env/bin/python"
}

build_assets() {
	bench_cmd build --app sales_flow
}

# site_exists SITE
site_exists() { [ -f "$SF_BENCH_DIR/sites/$1/site_config.json" ]; }

# ensure_site SITE: create it (or migrate it), with sales_flow installed
ensure_site() {
	local site=$1
	if ! site_exists "$site"; then
		# --force: a database left by a bench deleted by hand (same site, same database name) is replaced
		bench_cmd new-site "$site" --admin-password "$SF_ADMIN_PASSWORD" --db-root-username root \
			--db-root-password "$SF_DB_ROOT_PASSWORD" --mariadb-user-host-login-scope=% --force
	fi
	bench_cmd --site "$site" set-config allow_tests true
	if bench_cmd --site "$site" list-apps | grep -q '^sales_flow'; then
		bench_cmd --site "$site" migrate --skip-search-index
	else
		bench_cmd --site "$site" install-app sales_flow
	fi
	# a French firm's answers to Frappe's setup wizard, which otherwise holds every user but Administrator
	bench_cmd --site "$site" execute sales_flow.demo.complete_setup
}

setup_common() {
	step packages install_debian_packages "$@"
	step node ensure_node_and_yarn
	step mariadb start_mariadb
	step bench-user ensure_bench_user
	step bench-cli install_bench_cli
	step bench init_bench
	step redis start_redis
	step app link_app
	step assets build_assets
}

# --- 6. serving and testing ------------------------------------------------------------------
SF_PIDS_DIR=${SF_PIDS_DIR:-$SF_BENCH_DIR/pids}
# each served stack's nginx configuration, temporary files and unix sockets, in a folder of its name
SF_RUN_DIR=${SF_RUN_DIR:-$SF_BENCH_DIR/run}
# gunicorn's workers: 2 x cores + 1, as bench's production set-up
SF_WEB_WORKERS=${SF_WEB_WORKERS:-$((2 * $(nproc) + 1))}
# background (RQ) workers of run.sh
SF_WORKERS=${SF_WORKERS:-1}

# start_server SITE [--dev]: the site as in production (nginx on SF_PORT in front of gunicorn and
# Frappe's socket.io), SF_WORKERS background workers and the scheduler, all detached from this shell.
# --dev: bench's development server instead (code reloaded, Werkzeug's debugger on errors) with
# socket.io on socketio_port of sites/common_site_config.json, where the development desk looks.
start_server() {
	local site=$1 mode=${2:-}
	stop_server
	if [ "$mode" = --dev ]; then
		# DEV_SERVER as bench start sets it: the desk then looks for socket.io on socketio_port
		start_detached web-serve env DEV_SERVER=true bench --site "$site" serve --port "$SF_PORT"
		# the site of the pages it serves (with no proxy to say it, socket.io takes the default site)
		start_detached web-socketio env "FRAPPE_SITE=$site" node apps/frappe/socketio.js
		wait_until_served "$SF_PORT" web "http://127.0.0.1:$(common_config socketio_port)"
	else
		serve_site "$site" "$SF_PORT" web 0.0.0.0
	fi
	start_workers web "$SF_WORKERS"
	start_detached web-schedule bench schedule
}

stop_server() {
	stop_stack web
	# the names of earlier versions of this script
	local name
	for name in serve worker schedule; do stop_detached "$name"; done
	# a server of an earlier run that lost its pid file
	pgrep -f "serve --port $SF_PORT( |\$)" | xargs -r $SUDO kill 2>/dev/null || true
	return 0
}

# serve_site SITE PORT NAME [ADDRESS]: nginx on ADDRESS:PORT (default 127.0.0.1) serving the site as
# Frappe's production set-up does: /assets and the site's public files from disk, /socket.io to
# Frappe's socket.io server, the rest to gunicorn. gunicorn and socket.io listen on unix sockets in
# $SF_RUN_DIR/NAME, so that the stacks of several runs or benches share no port but their own.
serve_site() {
	local site=$1 port=$2 name=$3 address=${4:-127.0.0.1}
	local dir="$SF_RUN_DIR/$name"
	stop_stack "$name"
	as_bench_user mkdir -p "$dir/tmp" "$SF_BENCH_DIR/logs"
	nginx_config "$site" "$address:$port" "$dir" | as_bench_user tee "$dir/nginx.conf" >/dev/null
	start_detached "$name-gunicorn" env/bin/gunicorn --chdir sites --bind "unix:$dir/gunicorn.sock" \
		--workers "$SF_WEB_WORKERS" --timeout 120 --graceful-timeout 30 \
		--max-requests 5000 --max-requests-jitter 500 --preload frappe.app:application
	start_detached "$name-socketio" env "FRAPPE_SOCKETIO_UDS=$dir/socketio.sock" node apps/frappe/socketio.js
	# nginx once both listen, so that its log holds no refused connection of the start
	for _ in $(seq 1 120); do
		[ -S "$dir/gunicorn.sock" ] && [ -S "$dir/socketio.sock" ] && break
		sleep 0.5
	done
	start_detached "$name-nginx" nginx -p "$dir" -c "$dir/nginx.conf" -e stderr
	wait_until_served "$port" "$name" || { stop_stack "$name"; return 1; }
}

# nginx_config SITE LISTEN DIR: bench's production nginx site (bench setup nginx) for one site, run
# by the bench user in the foreground, its errors on stderr (the log of start_detached)
nginx_config() {
	local site=$1 listen=$2 dir=$3
	cat <<-EOF
		# written by scripts/lib.sh (serve_site) at each start
		daemon off;
		worker_processes auto;
		pid $dir/nginx.pid;
		error_log stderr warn;
		events {
			worker_connections 1024;
		}
		http {
			include /etc/nginx/mime.types;
			default_type application/octet-stream;
			access_log off;
			client_body_temp_path $dir/tmp/body;
			proxy_temp_path $dir/tmp/proxy;
			fastcgi_temp_path $dir/tmp/fastcgi;
			uwsgi_temp_path $dir/tmp/uwsgi;
			scgi_temp_path $dir/tmp/scgi;
			sendfile on;
			keepalive_timeout 15;
			client_max_body_size 50m;
			gzip on;
			gzip_proxied any;
			gzip_min_length 256;
			gzip_types text/css text/plain application/javascript application/json image/svg+xml;

			upstream frappe {
				server unix:$dir/gunicorn.sock fail_timeout=0;
			}
			upstream socketio {
				server unix:$dir/socketio.sock fail_timeout=0;
			}
			server {
				listen $listen;
				root $SF_BENCH_DIR/sites;
				proxy_buffer_size 128k;
				proxy_buffers 4 256k;
				proxy_busy_buffers_size 256k;

				# over nginx's limit the body never reaches Frappe: the same answer as Frappe's 413
				error_page 413 @too_large;
				location @too_large {
					default_type application/json;
					return 413 '{"exc_type":"RequestBodyTooLarge","message":"La requête est trop volumineuse : 50 Mo au plus. (The request is too large: 50 MB at most.)"}';
				}
				location /assets {
					try_files \$uri =404;
					add_header Cache-Control "max-age=31536000";
				}
				# private files, sent by Frappe with X-Accel-Redirect once it checked the permission
				location ~ ^/protected/(.*) {
					internal;
					try_files /$site/\$1 =404;
				}
				location /socket.io {
					proxy_http_version 1.1;
					proxy_set_header Upgrade \$http_upgrade;
					proxy_set_header Connection "upgrade";
					proxy_set_header X-Frappe-Site-Name $site;
					proxy_set_header Origin \$scheme://\$http_host;
					proxy_set_header Host \$http_host;
					proxy_pass http://socketio;
				}
				location / {
					rewrite ^(.+)/\$ \$1 permanent;
					rewrite ^(.+)/index\.html\$ \$1 permanent;
					rewrite ^(.+)\.html\$ \$1 permanent;
					location ~* ^/files/.*.(htm|html|svg|xml) {
						add_header Content-disposition "attachment";
						try_files /$site/public/\$uri @webserver;
					}
					try_files /$site/public/\$uri @webserver;
				}
				location @webserver {
					proxy_http_version 1.1;
					proxy_set_header X-Forwarded-For \$remote_addr;
					proxy_set_header X-Forwarded-Proto \$scheme;
					proxy_set_header X-Frappe-Site-Name $site;
					# with its port: Frappe builds its absolute URLs from it
					proxy_set_header Host \$http_host;
					proxy_set_header X-Use-X-Accel-Redirect True;
					proxy_read_timeout 120;
					proxy_redirect off;
					# the pages say who made them
					proxy_pass_header Server;
					proxy_pass http://frappe;
				}
			}
		}
	EOF
}

# common_config KEY: a value of sites/common_site_config.json
common_config() {
	/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ""))' \
		"$SF_BENCH_DIR/sites/common_site_config.json" "$1"
}

# wait_until_served PORT NAME [SOCKETIO_URL]: the web server answers on PORT and serves the assets,
# and socket.io (on the same port unless told) shakes hands
wait_until_served() {
	local port=$1 name=$2 url="http://127.0.0.1:$1" pidfile
	local socketio=${3:-$url}
	for _ in $(seq 1 90); do
		if curl -fsS "$url/api/method/ping" 2>/dev/null | grep -q pong \
			&& curl -fsS -o /dev/null "$url/assets/assets.json" 2>/dev/null \
			&& curl -fsS "$socketio/socket.io/?EIO=4&transport=polling" 2>/dev/null | grep -q '"sid"'; then
			return 0
		fi
		for pidfile in "$SF_PIDS_DIR/$name"-*.pid; do
			if [ -f "$pidfile" ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
				echo "$(basename "$pidfile" .pid) exited; see $SF_BENCH_DIR/logs/sales-flow-$(basename "$pidfile" .pid)*.log"
				return 1
			fi
		done
		sleep 1
	done
	echo "nothing answered on port $port (ping, /assets, socket.io); see $SF_BENCH_DIR/logs/sales-flow-$name-*.log"
	return 1
}

# start_workers NAME N: N background workers of the default, short and long queues
start_workers() {
	local i
	for i in $(seq 1 "$2"); do start_detached "$1-worker-$i" bench worker; done
}

# start_detached NAME CMD...: a process run from the bench folder that outlives this shell, logging to
# logs/sales-flow-NAME.log; its pid file lets stop_detached end it
start_detached() {
	local name=$1
	shift
	as_bench_user mkdir -p "$SF_PIDS_DIR"
	local log="$SF_BENCH_DIR/logs/sales-flow-$name.log"
	# setsid outermost: its pid leads the new process group that stop_detached kills
	(
		cd "$SF_BENCH_DIR" || exit 1
		if [ "$(id -un)" = "$SF_BENCH_USER" ]; then
			setsid nohup env "PATH=$SF_TOOLS_DIR/bin:$PATH" "$@" </dev/null >>"$log" 2>&1 &
		else
			setsid runuser -u "$SF_BENCH_USER" -- env "PATH=$SF_TOOLS_DIR/bin:$PATH" "HOME=$SF_BENCH_HOME" "$@" \
				</dev/null >>"$log" 2>&1 &
		fi
		echo $! >"$SF_PIDS_DIR/$name.pid"
	)
}

# stop_stack NAME: every process started as NAME-*, and its run folder
stop_stack() {
	local pidfile
	for pidfile in "$SF_PIDS_DIR/$1"-*.pid; do
		[ -f "$pidfile" ] && stop_detached "$(basename "$pidfile" .pid)"
	done
	as_bench_user rm -rf "${SF_RUN_DIR:?}/$1"
}

# stop_detached NAME: SIGTERM to its process group. A worker finishes the job it runs (RQ's work
# horse has a session of its own), gunicorn the requests it serves.
stop_detached() {
	local pidfile="$SF_PIDS_DIR/$1.pid"
	[ -f "$pidfile" ] || return 0
	$SUDO kill -- -"$(cat "$pidfile")" 2>/dev/null || true
	$SUDO rm -f "$pidfile"
}

# run_tests SITE [pytest args]: the whole suite, as the bench user, in the bench's Python.
# pytest prints the closing "N passed, N failed" line; its exit code is passed on.
run_tests() {
	local site=$1
	shift
	# pytest reads testpaths only when started in the rootdir; the suite runs from sites/
	local paths=("$SF_APP_DIR/tests" "$SF_APP_DIR/sales_flow")
	# paths given by the caller are relative to where it stands, not to sites/
	local arg args=()
	for arg in "$@"; do
		if [ -e "${arg%%::*}" ]; then
			paths=()
			arg="$(realpath "${arg%%::*}")${arg#"${arg%%::*}"}"
		fi
		args+=("$arg")
	done
	set -- "${args[@]+"${args[@]}"}"
	# REST and browser tests talk to the test site served as in production, with a background worker
	local test_port=${SF_TEST_PORT:-$(free_port)}
	local server="test-server-$test_port"
	trap 'stop_stack "'"$server"'"; exit 130' INT TERM
	step "$server" serve_site "$site" "$test_port" "$server"
	step "$server-worker" start_workers "$server" 1
	say "tests on $site (log: $SF_LOG_DIR/tests.log)"
	local rc=0
	(cd "$SF_BENCH_DIR/sites" && as_bench_user env "SF_TEST_SITE=$site" "SF_TEST_URL=http://127.0.0.1:$test_port" \
		"SF_ADMIN_PASSWORD=$SF_ADMIN_PASSWORD" "SF_ARTIFACTS=$SF_APP_DIR/test-artifacts" \
		timeout 3600 ../env/bin/python -m pytest -c "$SF_APP_DIR/pytest.ini" --rootdir "$SF_APP_DIR" \
		-p no:cacheprovider "${paths[@]}" "$@") 2>&1 | tee "$SF_LOG_DIR/tests.log" || rc=${PIPESTATUS[0]}
	stop_stack "$server"
	trap - INT TERM
	return "$rc"
}

free_port() {
	/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
