#!/usr/bin/env bash
# Start or stop a throw-away Virtuoso (Debian virtuoso-opensource) on 127.0.0.1.
#   scripts/virtuoso.sh start DIR HTTP_PORT SQL_PORT   # database in DIR, waits until it answers
#   scripts/virtuoso.sh stop DIR
# The server runs as DIR/virtuoso.pid with the default dba/dba account; the SPARQL endpoint is
# http://127.0.0.1:HTTP_PORT/sparql, the Digest-protected update and GSP endpoints are
# /sparql-auth and /sparql-graph-crud-auth.
set -euo pipefail

command=${1:?start or stop}
dir=${2:?database directory}

start() {
    local http_port=${1:?HTTP port} sql_port=${2:?SQL port}
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    local vad=/usr/share/virtuoso-opensource-7/vad
    cat >"$dir/virtuoso.ini" <<EOF
[Database]
DatabaseFile = $dir/virtuoso.db
ErrorLogFile = $dir/virtuoso.log
LockFile = $dir/virtuoso.lck
TransactionFile = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = $dir/virtuoso-temp.db
TransactionFile = $dir/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:$sql_port
DisableUnixSocket = 1
DirsAllowed = ., $dir, $vad
VADInstallDir = $vad/
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
CheckpointInterval = 0
[HTTPServer]
ServerPort = 127.0.0.1:$http_port
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
EOF
    (cd "$dir" && exec virtuoso-t +configfile virtuoso.ini +foreground >"$dir/stdout.log" 2>&1) &
    echo $! >"$dir/virtuoso.pid"
    for _ in $(seq 1 120); do
        if curl -fs -o /dev/null "http://127.0.0.1:$http_port/sparql?query=ASK%7B%7D"; then
            echo "virtuoso answers at http://127.0.0.1:$http_port/sparql (pid $(cat "$dir/virtuoso.pid"))"
            return 0
        fi
        if ! kill -0 "$(cat "$dir/virtuoso.pid")" 2>/dev/null; then
            echo "virtuoso exited; its log:" >&2
            tail -20 "$dir/virtuoso.log" "$dir/stdout.log" >&2 || true
            return 1
        fi
        sleep 1
    done
    echo "virtuoso did not answer within 120 s" >&2
    return 1
}

stop() {
    [ -f "$dir/virtuoso.pid" ] || return 0
    local pid
    pid=$(cat "$dir/virtuoso.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 1
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/virtuoso.pid"
}

case "$command" in
start) start "${@:3}" ;;
stop) stop ;;
*) echo "usage: $0 start DIR HTTP_PORT SQL_PORT | stop DIR" >&2; exit 2 ;;
esac
