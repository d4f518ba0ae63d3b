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
	python3-venv python3-dev python3-pip git curl acl xfonts-75dpi fonts-dejavu-core cron chromium)

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
mariadb_config() {
	cat <<-EOF
		[mysqld]
		character-set-server = utf8mb4
		collation-server = utf8mb4_unicode_ci
		character-set-client-handshake = FALSE
		bind-address = 127.0.0.1
		innodb_buffer_pool_size = 512M
		innodb_flush_log_at_trx_commit = 2
		# a test blocked on a metadata lock must fail in minutes, not in a day
		lock_wait_timeout = 300
		# Frappe writes a deleted document whole into one row of Deleted Document, and a version's
		# changes into one row of Version, each in one statement: past MariaDB's default of 16 MB the
		# server drops the connection ("MySQL server has gone away"), and a draft of some thousand
		# lines (over Selling Settings' maximum: saved before it, or under a higher one) could then be
		# neither deleted nor cut down
		max_allowed_packet = 256M

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
		$SUDO start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
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

# start_server SITE: web server, background worker and scheduler, detached from this shell
start_server() {
	stop_server
	serve_site "$1" "$SF_PORT" serve
	start_detached worker bench worker
	start_detached schedule bench schedule
}

# start_detached NAME CMD...: a bench process that outlives this shell; its pid file lets stop_server end it
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

# serve_site SITE PORT NAME: the site alone on PORT, waiting until it answers
serve_site() {
	local site=$1 port=$2 name=$3
	start_detached "$name" bench --site "$site" serve --port "$port" --noreload
	for _ in $(seq 1 60); do
		curl -fsS "http://127.0.0.1:$port/api/method/ping" 2>/dev/null | grep -q pong && return 0
		sleep 1
	done
	echo "the web server did not answer on port $port; see $SF_BENCH_DIR/logs/sales-flow-$name.log"
	return 1
}

stop_server() {
	# each was started with setsid: its process group is its pid
	local name
	for name in serve worker schedule; do stop_detached "$name"; done
	# a server of an earlier run that lost its pid file
	pgrep -f "serve --port $SF_PORT " | xargs -r $SUDO kill 2>/dev/null || true
	return 0
}

# stop_detached NAME
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
	# REST and browser tests talk to a real server on the test site
	local test_port=${SF_TEST_PORT:-$(free_port)}
	local server="test-server-$test_port"
	step "$server" serve_site "$site" "$test_port" "$server"
	say "tests on $site (log: $SF_LOG_DIR/tests.log)"
	local rc=0
	(cd "$SF_BENCH_DIR/sites" && as_bench_user env "SF_TEST_SITE=$site" "SF_TEST_URL=http://127.0.0.1:$test_port" \
		"SF_ADMIN_PASSWORD=$SF_ADMIN_PASSWORD" "SF_ARTIFACTS=$SF_APP_DIR/test-artifacts" \
		timeout 3600 ../env/bin/python -m pytest -c "$SF_APP_DIR/pytest.ini" --rootdir "$SF_APP_DIR" \
		-p no:cacheprovider "${paths[@]}" "$@") 2>&1 | tee "$SF_LOG_DIR/tests.log" || rc=${PIPESTATUS[0]}
	stop_detached "$server"
	return "$rc"
}

free_port() {
	/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
