#!/usr/bin/env bash
# Runs COMMAND with a throwaway PostgreSQL cluster (Debian's postgresql
# package) listening only on a Unix socket in a temporary folder, and
# removes the cluster afterwards, however COMMAND ends.
#
#   scripts/with-postgres.sh cargo test -p standfirst-server
#
# COMMAND sees:
#   STANDFIRST_TEST_PG      a URL of the cluster's `postgres` database, as
#                           the superuser `standfirst` (trust, socket only);
#                           tests make a database of their own in it
#   STANDFIRST_TEST_PG_CTL  a script taking `stop` or `start` (the outage test)
#
# initdb refuses to run as root, so as root (CI) the cluster runs as the
# `postgres` user (made by the package), or `nobody`, in a folder it owns.
set -euo pipefail

bin=$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -1 | xargs -r dirname)
if [ -z "$bin" ]; then
  echo "with-postgres: PostgreSQL is not installed (scripts/setup.sh installs it)" >&2
  exit 1
fi

dir=$(mktemp -d /tmp/standfirst-pg.XXXXXX)
as=()
if [ "$(id -u)" = 0 ]; then
  user=postgres
  getent passwd postgres >/dev/null || user=nobody
  chown "$user" "$dir"
  as=(runuser -u "$user" --)
fi
chmod 700 "$dir"

cleanup() {
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${as[@]}" "$bin/initdb" -D "$dir/data" -U standfirst --auth=trust -E UTF8 --locale=C.UTF-8 \
  --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }

# No TCP at all; the socket in $dir. fsync off: a throwaway cluster.
opts="-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c max_connections=200"
cat >"$dir/ctl" <<CTL
#!/bin/sh
case "\$1" in
  stop) exec ${as[*]} "$bin/pg_ctl" -D "$dir/data" -m fast -w stop ;;
  start) exec ${as[*]} "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -o "$opts" -w start ;;
  *) echo "usage: \$0 stop|start" >&2; exit 2 ;;
esac
CTL
chmod 755 "$dir/ctl"
"$dir/ctl" start >/dev/null || { cat "$dir/log" >&2; exit 1; }

export STANDFIRST_TEST_PG="postgresql:///postgres?host=$dir&user=standfirst"
export STANDFIRST_TEST_PG_CTL="$dir/ctl"
"$@"
