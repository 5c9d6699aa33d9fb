# Sourced by the scripts that start standfirst-server in the background
# (engines.sh, bench.sh): waits until it answers, or stops the script.
#
#   wait_for_server URL PID LOG [SECONDS]
#
# Returns once URL answers with a success status. If the server (PID)
# exits first, or URL has not answered after SECONDS (default 20), prints
# why and the server's log (LOG) on stderr and exits 1.
wait_for_server() {
  local url=$1 pid=$2 log=$3 limit=${4:-20}
  local deadline=$((SECONDS + limit))
  while :; do
    curl -fs --max-time 2 "$url" >/dev/null && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "${0##*/}: the server stopped before it answered $url; its log ($log):" >&2
      break
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "${0##*/}: the server did not answer $url within ${limit} s; its log ($log):" >&2
      break
    fi
    sleep 0.05
  done
  sed 's/^/  | /' "$log" >&2 || true
  exit 1
}
