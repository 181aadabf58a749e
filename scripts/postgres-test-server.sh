#!/bin/sh
# A throwaway PostgreSQL cluster for the tests (docs/store.md):
#   scripts/postgres-test-server.sh start   prints MOMENTUM_TEST_POSTGRES's URL, or nothing and why on stderr
#   scripts/postgres-test-server.sh stop    stops it and deletes its folder
# The cluster lives in a fresh temporary folder owned by the user that runs the server (postgres
# when this runs as root, since the server refuses root), listens on 127.0.0.1 only, on a free
# port, with its unix socket in that folder. Local connections are trusted, except the role
# momentum_password, which must give its password (the tests check a wrong one is explained), and
# the role momentum_tls, let in over TLS only (a self-signed certificate made with openssl, when
# openssl is there).
set -eu

state="${MOMENTUM_POSTGRES_STATE:-.build/postgres-test-server}"
say() { echo "postgres-test-server: $*" >&2; }

find_bin() {
	for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		[ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
	done
	command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
	return 1
}

as_server_user() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
	[ -f "$state" ] && stop
	if ! bin=$(find_bin); then
		say "PostgreSQL is not installed; installing it from Debian's packages."
		sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
		{ command -v apt-get >/dev/null 2>&1 && $sudo apt-get update -qq && $sudo apt-get install -y -qq postgresql >/dev/null; } \
			|| { say "could not install postgresql (apt-get install postgresql); the PostgreSQL tests are skipped."; exit 1; }
		bin=$(find_bin) || { say "postgresql installed, but no initdb found; the PostgreSQL tests are skipped."; exit 1; }
	fi
	if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
		say "running as root and there is no postgres user to run the server as; the PostgreSQL tests are skipped."; exit 1
	fi
	dir=$(mktemp -d "${TMPDIR:-/tmp}/momentum-postgres.XXXXXX")
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	chmod 700 "$dir"
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	mkdir -p "$(dirname "$state")"
	printf '%s\n%s\n%s\n' "$dir" "$bin" "$port" > "$state"
	as_server_user "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
		|| { say "initdb failed ($(tail -1 "$dir/initdb.log")); the PostgreSQL tests are skipped."; stop; exit 1; }
	as_server_user sh -c "printf '%s\n' 'local all all trust' 'host all momentum_password 127.0.0.1/32 scram-sha-256' \
		'hostnossl all momentum_tls 127.0.0.1/32 reject' 'host all all 127.0.0.1/32 trust' > '$dir/data/pg_hba.conf'"
	ssl=off
	if command -v openssl >/dev/null 2>&1 && as_server_user openssl req -new -x509 -days 2 -nodes -subj /CN=localhost \
		-keyout "$dir/data/server.key" -out "$dir/data/server.crt" >/dev/null 2>&1; then ssl=on; fi
	as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c ssl=$ssl -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" start >/dev/null \
		|| { say "the server did not start ($(tail -1 "$dir/server.log" 2>/dev/null)); the PostgreSQL tests are skipped."; stop; exit 1; }
	as_server_user "$bin/psql" -q -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
		-c "CREATE DATABASE momentum_test" -c "CREATE ROLE momentum_password LOGIN PASSWORD 'momentum-test-password'" \
		-c "CREATE ROLE momentum_tls LOGIN" >/dev/null \
		|| { say "could not create the test database; the PostgreSQL tests are skipped."; stop; exit 1; }
	echo "postgres://postgres@127.0.0.1:$port/momentum_test"
}

stop() {
	[ -f "$state" ] || return 0
	dir=$(sed -n 1p "$state"); bin=$(sed -n 2p "$state")
	if [ -d "$dir/data" ]; then as_server_user "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
	case "$dir" in */momentum-postgres.*) rm -rf "$dir" ;; esac
	rm -f "$state"
}

case "${1:-}" in
	start) start ;;
	stop) stop ;;
	*) echo "usage: $0 start|stop" >&2; exit 64 ;;
esac
