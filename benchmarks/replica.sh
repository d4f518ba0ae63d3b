#!/usr/bin/env bash
# A second local MariaDB following the first as a replica, and sites reading their reports from it.
#
#   benchmarks/replica.sh start [--site SITE]...   # default site: $SF_TEST_SITE
#   benchmarks/replica.sh status
#   benchmarks/replica.sh stop                     # the sites back on the primary alone
#
# start: the primary keeps a binary log (scripts/lib.sh's MariaDB settings: a primary started by
# older settings is restarted once, and this says so); a second mariadbd from Debian's binary runs
# on $SF_REPLICA_PORT (default 3307) with its own datadir ($SF_REPLICA_DIR), seeded with the sites'
# databases by one consistent mariadb-dump (--single-transaction --master-data: no global lock on
# MariaDB) and replicating them from the position of that dump; the sites' database users are copied
# with their passwords. Then each site gets replica_host, replica_db_port and read_from_replica: the
# methods marked @frappe.read_only() (reports, the workspace's cards and charts) read the replica.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

REPLICA_PORT=${SF_REPLICA_PORT:-3307}
REPLICA_DIR=${SF_REPLICA_DIR:-/var/lib/mysql-replica}
REPLICA_SOCKET=/run/mysqld/replica.sock
REPLICA_CONF=$REPLICA_DIR.cnf
REPLICATION_USER=sf_replication
REPLICATION_PASSWORD=${SF_REPLICATION_PASSWORD:-sales-flow-replication}

primary() { mariadb -h127.0.0.1 -uroot -p"$SF_DB_ROOT_PASSWORD" "$@"; }
replica() { $SUDO mariadb -uroot -S "$REPLICA_SOCKET" "$@"; }
replica_running() { $SUDO mariadb-admin -uroot -S "$REPLICA_SOCKET" ping >/dev/null 2>&1; }
site_db() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['db_name'])" "$SF_BENCH_DIR/sites/$1/site_config.json"; }

ensure_primary_binlog() {
	if [ "$(primary -N -e 'select @@log_bin')" != "1" ]; then
		say "the primary has no binary log: restarting it once with scripts/lib.sh's settings (log_bin)"
	fi
	start_mariadb >/dev/null
	[ "$(primary -N -e 'select @@log_bin')" = "1" ] || { echo "the primary still has no binary log" >&2; exit 1; }
}

replica_config() {
	# the primary's character set, so that the copies compare and sort as the originals
	cat <<-EOF
		[mysqld]
		datadir = $REPLICA_DIR
		port = $REPLICA_PORT
		socket = $REPLICA_SOCKET
		pid-file = $REPLICA_DIR/replica.pid
		log-error = $REPLICA_DIR/replica.err
		bind-address = 127.0.0.1
		server_id = 2
		skip-log-bin
		relay_log = replica-relay
		# reads only: the sites' users may not write here, replication does
		read_only = 1
		character-set-server = utf8mb4
		collation-server = utf8mb4_unicode_ci
		character-set-client-handshake = FALSE
		innodb_buffer_pool_size = 256M
		innodb_flush_log_at_trx_commit = 2
		max_allowed_packet = 256M
	EOF
	for db in "$@"; do echo "replicate_do_db = $db"; done
}

start_replica_server() {
	replica_config "$@" | $SUDO tee "$REPLICA_CONF" >/dev/null
	if replica_running; then $SUDO mariadb-admin -uroot -S "$REPLICA_SOCKET" shutdown; fi
	if [ ! -d "$REPLICA_DIR/mysql" ]; then
		$SUDO mkdir -p "$REPLICA_DIR"
		$SUDO chown mysql:mysql "$REPLICA_DIR"
		$SUDO mariadb-install-db --defaults-file="$REPLICA_CONF" --user=mysql >/dev/null
	fi
	$SUDO mkdir -p /run/mysqld
	$SUDO chown mysql:mysql /run/mysqld
	$SUDO start-stop-daemon --start --background --pidfile "$REPLICA_DIR/replica.pid" --exec /usr/sbin/mariadbd -- \
		--defaults-file="$REPLICA_CONF" --user=mysql
	for _ in $(seq 1 60); do replica_running && return 0; sleep 1; done
	echo "the replica did not start: see $REPLICA_DIR/replica.err" >&2
	exit 1
}

copy_users() {
	# each site's database user, with its password hash, as the primary has it; no anonymous user
	# (mariadb-install-db's ''@localhost would take a site user's logins from 127.0.0.1)
	local db user host
	replica -e "delete from mysql.global_priv where user = ''; flush privileges"
	for db in "$@"; do
		primary -N -e "select user, host from mysql.user where user = '$db'" | while read -r user host; do
			{
				primary -N -e "show create user '$user'@'$host'" | sed 's/^CREATE USER/CREATE OR REPLACE USER/'
				primary -N -e "show grants for '$user'@'$host'"
			} | sed 's/$/;/' | replica
		done
	done
}

seed_and_follow() {
	primary -e "create user if not exists '$REPLICATION_USER'@'127.0.0.1' identified by '$REPLICATION_PASSWORD';
		grant replication slave on *.* to '$REPLICATION_USER'@'127.0.0.1'"
	replica -e "stop slave; reset slave all" 2>/dev/null || true
	# the source first (naming it resets the position), then the dump's CHANGE MASTER: the binary
	# log position of its snapshot
	replica -e "change master to master_host = '127.0.0.1', master_port = 3306, master_use_gtid = no,
		master_user = '$REPLICATION_USER', master_password = '$REPLICATION_PASSWORD'"
	mariadb-dump -h127.0.0.1 -uroot -p"$SF_DB_ROOT_PASSWORD" --single-transaction --master-data=1 \
		--routines --triggers --add-drop-database --databases "$@" |
		replica
	replica -e "start slave"
	for _ in $(seq 1 60); do
		if replica -e "show slave status\G" | grep -q "Slave_SQL_Running: Yes" &&
			replica -e "show slave status\G" | grep -q "Slave_IO_Running: Yes"; then
			return 0
		fi
		sleep 1
	done
	replica -e "show slave status\G" | grep -E "Running|Error" >&2
	exit 1
}

set_site_replica() {
	local site=$1 port=$2
	if [ "$port" = None ]; then
		for key in read_from_replica replica_host replica_db_port; do bench_cmd --site "$site" set-config "$key" None; done
	else
		bench_cmd --site "$site" set-config replica_host 127.0.0.1
		bench_cmd --site "$site" set-config -p replica_db_port "$port"
		bench_cmd --site "$site" set-config -p read_from_replica 1
	fi
}

replicated_sites() {
	# the sites whose config points at this replica
	local config
	for config in "$SF_BENCH_DIR"/sites/*/site_config.json; do
		grep -q '"read_from_replica": 1' "$config" && basename "$(dirname "$config")"
	done
	return 0
}

cmd_start() {
	local sites=() dbs=() site
	while [ $# -gt 0 ]; do
		case $1 in
			--site) sites+=("$2"); shift 2 ;;
			--site=*) sites+=("${1#--site=}"); shift ;;
			*) echo "unknown argument: $1" >&2; exit 2 ;;
		esac
	done
	[ ${#sites[@]} -gt 0 ] || sites=("$SF_TEST_SITE")
	ensure_primary_binlog
	for site in "${sites[@]}"; do dbs+=("$(site_db "$site")"); done
	say "replica on port $REPLICA_PORT ($REPLICA_DIR) of: ${dbs[*]}"
	start_replica_server "${dbs[@]}"
	copy_users "${dbs[@]}"
	seed_and_follow "${dbs[@]}"
	for site in "${sites[@]}"; do set_site_replica "$site" "$REPLICA_PORT"; done
	cmd_status
}

cmd_status() {
	if ! replica_running; then
		echo "replica: stopped"
		return 0
	fi
	echo "replica: running on port $REPLICA_PORT"
	replica -e "show slave status\G" | grep -E "Master_Log_File|Read_Master_Log_Pos|Slave_(IO|SQL)_Running:|Seconds_Behind_Master|Last_(IO|SQL)_Error:|Replicate_Do_DB"
	echo "sites reading from it: $(replicated_sites | tr '\n' ' ')"
}

cmd_stop() {
	local site
	for site in $(replicated_sites); do set_site_replica "$site" None; done
	if replica_running; then
		replica -e "stop slave" || true
		$SUDO mariadb-admin -uroot -S "$REPLICA_SOCKET" shutdown
	fi
	echo "replica: stopped (its datadir stays in $REPLICA_DIR; start seeds it again)"
}

case ${1:-} in
	start) shift; cmd_start "$@" ;;
	stop) cmd_stop ;;
	status) cmd_status ;;
	*) echo "usage: benchmarks/replica.sh start [--site SITE]... | status | stop" >&2; exit 2 ;;
esac
