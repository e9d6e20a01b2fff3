#!/usr/bin/env bash
# A private, loopback-only Virtuoso for publishing tests and local use.
#
#   scripts/virtuoso.sh start  DIR PORT_HTTP PORT_SQL   # install if missing, write DIR/virtuoso.ini, start, set password, grants
#   scripts/virtuoso.sh status DIR PORT_HTTP PORT_SQL   # exit 0 when the server in DIR answers on both ports
#   scripts/virtuoso.sh stop   DIR [PORT_HTTP PORT_SQL] # stop the server started from DIR (and only that one)
#
# Everything lives in DIR: database, transaction log, error log, pid file and the ini. Both ports are
# bound to 127.0.0.1; DirsAllowed is DIR alone; no system-wide service is started or enabled.
# The dba password is DGKG_VIRTUOSO_PASSWORD (default: dgkg-test). Idempotent: `start` on a running
# server only re-applies the password and grants; `stop` on a stopped one does nothing.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop|status DIR PORT_HTTP PORT_SQL" >&2
  exit 2
}

[ $# -ge 2 ] || usage
action=$1
DIR=$2
PORT_HTTP=${3:-}
PORT_SQL=${4:-}
PASSWORD=${DGKG_VIRTUOSO_PASSWORD:-dgkg-test}
HOST=127.0.0.1
START_TIMEOUT=${DGKG_VIRTUOSO_START_TIMEOUT:-120}

case "$action" in start|status) [ -n "$PORT_HTTP" ] && [ -n "$PORT_SQL" ] || usage ;; stop) ;; *) usage ;; esac
for port in $PORT_HTTP $PORT_SQL; do
  [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || { echo "error: bad port: $port" >&2; exit 2; }
done

mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd -P)
INI="$DIR/virtuoso.ini"
PIDFILE="$DIR/virtuoso.pid"
LOG="$DIR/virtuoso.log"

log() { echo "virtuoso.sh: $*" >&2; }

install_virtuoso() {
  if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { log "virtuoso-t is missing and neither root nor sudo is available to install virtuoso-opensource"; exit 2; }
    sudo="sudo"
  fi
  log "installing Debian's virtuoso-opensource (apt-get)"
  # a policy-rc.d that refuses service starts keeps apt from starting the system-wide server
  # (on 0.0.0.0:8890 with the package's dba password); it is removed again afterwards
  local policy=/usr/sbin/policy-rc.d own_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"
    own_policy=1
    trap "$sudo rm -f $policy" EXIT INT TERM
  fi
  local status=0
  $sudo apt-get update -qq || status=$?
  if [ "$status" -eq 0 ]; then
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource || status=$?
  fi
  if [ "$own_policy" -eq 1 ]; then
    $sudo rm -f "$policy"
    trap - EXIT INT TERM
  fi
  [ "$status" -eq 0 ] || { log "apt-get failed (exit $status)"; exit 2; }
  # never leave a system-wide service enabled: this server is private to DIR
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $sudo systemctl disable --now virtuoso-opensource-7 >/dev/null 2>&1 || true
  elif command -v update-rc.d >/dev/null 2>&1; then
    $sudo update-rc.d virtuoso-opensource-7 disable >/dev/null 2>&1 || true
  fi
  command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1 || { log "virtuoso-t / isql-vt still missing after install"; exit 2; }
}

write_ini() {
  mkdir -p "$DIR/vsp"
  local tmp
  tmp=$(mktemp "$DIR/.virtuoso.ini.XXXXXX")
  cat >"$tmp" <<EOF
; written by scripts/virtuoso.sh — a private server: every file in this folder, loopback only
[Database]
DatabaseFile       = $DIR/virtuoso.db
ErrorLogFile       = $DIR/virtuoso.log
LockFile           = $DIR/virtuoso.lck
TransactionFile    = $DIR/virtuoso.trx
xa_persistent_file = $DIR/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $DIR/virtuoso-temp.db
TransactionFile    = $DIR/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = $HOST:$PORT_SQL
LiteMode                 = 0
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
CheckpointAuditTrail     = 0
AllowOSCalls             = 0
SchedulerInterval        = 10
DirsAllowed              = $DIR
ThreadCleanupInterval    = 0
ThreadThreshold          = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize        = 100000
SingleCPU                = 0
PrefixResultNames        = 0
RdfFreeTextRulesSize     = 100
IndexTreeMaps            = 64
MaxQueryMem              = 1G
VectorSize               = 1000
MaxVectorSize            = 1000000
AdjustVectorSize         = 0
ThreadsPerQuery          = 4
AsyncQueueMaxThreads     = 10
NumberOfBuffers          = 20000
MaxDirtyBuffers          = 15000

[HTTPServer]
ServerPort                  = $HOST:$PORT_HTTP
ServerRoot                  = $DIR/vsp
MaxClientConnections        = 10
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
TempASPXDir                 = 0
ServerThreads               = 10
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
MaxCachedProxyConnections   = 10
ProxyConnectionCacheTimeout = 15
HTTPThreadSize              = 280000
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
EnabledGzipContent          = 1

[AutoRepair]
BadParentLinks = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[URIQA]
DynamicLocal = 0
DefaultHost  = $HOST:$PORT_HTTP

[SPARQL]
; Debian's defaults would change answers: ResultSetMaxRows = 10000 silently truncates a result,
; MaxQueryExecutionTime = 60 returns a partial ("anytime") result after 60 s, and the cost
; estimator refuses dgkg's queries with absurd estimates (optional parameters are bound as UNDEF
; in every group). Here: a large row cap, no anytime cut-off (the client's timeout applies),
; no estimate check.
ResultSetMaxRows           = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 0
DeferInferenceRulesInit    = 0
EOF
  mv "$tmp" "$INI"
}

server_pid() {
  # the pid of the server started from DIR: the recorded one if it still is that server, else the
  # process whose command line names this folder's ini (never any other virtuoso-t)
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null || true)
  if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && is_ours "$pid"; then
    echo "$pid"
    return 0
  fi
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    if is_ours "$pid"; then
      echo "$pid" >"$PIDFILE"
      echo "$pid"
      return 0
    fi
  done
  return 1
}

is_ours() {
  local cmd
  cmd=$(tr '\0' '\n' <"/proc/$1/cmdline" 2>/dev/null) || return 1
  [ "$(printf '%s\n' "$cmd" | head -n 1)" != "setsid" ] || return 1
  printf '%s\n' "$cmd" | grep -qx -- "$INI" && printf '%s\n' "$cmd" | grep -q 'virtuoso-t$'
}

sql_answers() {
  # isql-vt 7 takes the password on its command line only; the server is on loopback
  isql-vt "$HOST:$PORT_SQL" dba "$1" "exec=select 1;" >/dev/null 2>&1
}

http_answers() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
    "http://$HOST:$PORT_HTTP/sparql?query=ASK%7B%7D" -H 'Accept: application/sparql-results+json' 2>/dev/null || true)
  [ "$code" = "200" ]
}

http_probe() {
  if command -v curl >/dev/null 2>&1; then
    http_answers
  else
    python3 - "$HOST" "$PORT_HTTP" <<'PY' >/dev/null 2>&1
import sys, urllib.request
url = f"http://{sys.argv[1]}:{sys.argv[2]}/sparql?query=ASK%7B%7D"
req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
sys.exit(0 if urllib.request.urlopen(req, timeout=5).status == 200 else 1)
PY
  fi
}

port_in_use() {
  # something already listens there (a connect test: a port in TIME_WAIT is free for the server)
  python3 - "$HOST" "$1" <<'PY'
import socket, sys
with socket.socket() as s:
    s.settimeout(2)
    sys.exit(0 if s.connect_ex((sys.argv[1], int(sys.argv[2]))) == 0 else 1)
PY
}

sql_quote() { printf "%s" "$1" | sed "s/'/''/g"; }

configure() {
  # the dba password: a new database starts with dba/dba
  local quoted
  quoted=$(sql_quote "$PASSWORD")
  if ! sql_answers "$PASSWORD"; then
    if sql_answers dba; then
      printf "USER_SET_PASSWORD ('dba', '%s');\n" "$quoted" | isql-vt "$HOST:$PORT_SQL" dba dba >/dev/null
    fi
    sql_answers "$PASSWORD" || { log "cannot log in as dba (neither DGKG_VIRTUOSO_PASSWORD nor the initial password works)"; return 1; }
  fi
  # writing: SPARQL Update and the Graph Store Protocol at /sparql-graph-crud-auth (digest auth)
  # check the SPARQL_UPDATE role; anonymous /sparql stays read-only (role revoked from the SPARQL
  # user, graph permissions of "nobody" = read)
  # (idempotent: granting a role already held, or revoking one not held, is not an error here)
  local out
  out=$(isql-vt "$HOST:$PORT_SQL" dba "$PASSWORD" <<'SQL' 2>&1
GRANT SPARQL_SELECT TO "dba";
GRANT SPARQL_UPDATE TO "dba";
REVOKE SPARQL_UPDATE FROM "SPARQL";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 1);
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('dba', 15);
checkpoint;
SQL
  ) || true
  if printf '%s\n' "$out" | grep -E '^\*\*\* Error' | grep -v -E 'already have role|does not have granted role' >&2; then
    log "configuring the server failed"
    return 1
  fi
}

print_urls() {
  cat <<EOF
SPARQL endpoint:        http://$HOST:$PORT_HTTP/sparql
SPARQL Update (auth):   http://$HOST:$PORT_HTTP/sparql-auth
Graph Store (auth):     http://$HOST:$PORT_HTTP/sparql-graph-crud-auth
SQL (isql-vt):          $HOST:$PORT_SQL
user:                   dba (password from DGKG_VIRTUOSO_PASSWORD)
folder:                 $DIR
EOF
}

start() {
  install_virtuoso
  if pid=$(server_pid); then
    if sql_answers "$PASSWORD" || sql_answers dba; then
      configure
      log "already running (pid $pid)"
      print_urls
      return 0
    fi
    log "a server from $DIR is running (pid $pid) but does not answer on $HOST:$PORT_SQL; stop it first"
    return 1
  fi
  for port in "$PORT_HTTP" "$PORT_SQL"; do
    if port_in_use "$port"; then
      log "port $HOST:$port is in use by another program"
      return 1
    fi
  done
  rm -f "$DIR/virtuoso.lck"
  write_ini
  # +foreground under setsid: our own child, pid known, detached from the caller's terminal and pipes
  (cd "$DIR" && exec setsid virtuoso-t +foreground +configfile "$INI" </dev/null >>"$DIR/virtuoso.out" 2>&1) &
  echo $! >"$PIDFILE"
  local deadline=$((SECONDS + START_TIMEOUT)) missing=0
  until sql_answers "$PASSWORD" || sql_answers dba; do
    if server_pid >/dev/null; then missing=0; else missing=$((missing + 1)); fi
    if [ "$missing" -ge 4 ]; then
      log "virtuoso-t exited during start-up; last lines of $LOG:"
      tail -n 20 "$LOG" >&2 2>/dev/null || true
      rm -f "$PIDFILE"
      return 1
    fi
    [ $SECONDS -lt $deadline ] || { log "the SQL port did not answer within ${START_TIMEOUT}s"; stop_server; return 1; }
    sleep 0.5
  done
  until http_probe; do
    [ $SECONDS -lt $deadline ] || { log "HTTP /sparql did not answer within ${START_TIMEOUT}s"; stop_server; return 1; }
    sleep 0.5
  done
  configure || { stop_server; return 1; }
  log "started (pid $(cat "$PIDFILE"))"
  print_urls
}

stop_server() {
  local pid
  if ! pid=$(server_pid); then
    rm -f "$PIDFILE"
    log "not running"
    return 0
  fi
  # a clean shutdown: checkpoint first. Virtuoso writes some Graph Store / SPARQL Update work without
  # the transaction log, so a server killed before a checkpoint can come back without it.
  [ -n "$PORT_SQL" ] || PORT_SQL=$(sed -n 's/^ServerPort *= *[0-9.]*:\([0-9]*\)$/\1/p' "$INI" | head -n 1)
  if [ -n "$PORT_SQL" ]; then
    printf 'checkpoint;\nshutdown;\n' | isql-vt "$HOST:$PORT_SQL" dba "$PASSWORD" >/dev/null 2>&1 || true
  fi
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $((deadline - 30)) ]; do sleep 0.2; done
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$PIDFILE" "$DIR/virtuoso.lck"
  log "stopped (pid $pid)"
}

status() {
  if pid=$(server_pid) && (sql_answers "$PASSWORD" || sql_answers dba) && http_probe; then
    log "running (pid $pid)"
    print_urls
    return 0
  fi
  log "not running"
  return 1
}

case "$action" in
  start) start ;;
  stop) stop_server ;;
  status) status ;;
esac
