#!/usr/bin/env bash
# Prova di carico delle tre letture di riferimento dell'API (docs/performance.md), con un token,
# contro una build di release con i dati dimostrativi, su SQLite o su PostgreSQL.
#
#   scripts/carico.sh sqlite|postgres [durata, predefinita 15s]
#
# Serve `wrk` (Debian: apt-get install wrk). Solo traffico verso 127.0.0.1; il server è fermato
# alla fine. Non fa parte della CI.
set -euo pipefail
cd "$(dirname "$0")/.."
DB="${1:-sqlite}"
DURATA="${2:-15s}"
BIN=target/release/traguardo
command -v wrk >/dev/null || { echo "serve wrk (apt-get install wrk)" >&2; exit 2; }
[ -x "$BIN" ] || cargo build --release -p traguardo-server
dir=$(mktemp -d)
nome=""
if [ "$DB" = postgres ]; then
  base="${TRAGUARDO_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
  nome="traguardo_carico_$$"
  psql "$base" -qc "CREATE DATABASE $nome"
  URL="${base%/*}/$nome"
else
  URL="sqlite://$dir/carico.db"
fi
porta=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
TRAGUARDO_DATABASE_URL="$URL" TRAGUARDO_LOG=warn "$BIN" serve --demo --bind "127.0.0.1:$porta" >"$dir/serve.out" 2>&1 &
pid=$!
pulizia() {
  [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [ -n "$nome" ] && psql "$base" -qc "DROP DATABASE IF EXISTS $nome WITH (FORCE)" || true
  rm -rf "$dir"
}
trap pulizia EXIT
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$porta/health" >/dev/null && break; sleep 0.1; done
T=$(TRAGUARDO_DATABASE_URL="$URL" "$BIN" token create admin | tail -n 1)

echo "| lettura ($DB) | mediana | p99 | richieste/s | non 2xx | byte | RSS del server |"
echo "|---|---|---|---|---|---|---|"
mkdir -p "$dir/statico"
n=0
for rotta in \
  "/api/v1/enti/CISSA/cicli/2023/valutazione" \
  "/api/v1/enti/INRETE/bilanci/2026/totali?per=uo,titolo" \
  "/api/v1/enti/INRETE/cicli/2026/obiettivi/DIR-2.1"; do
  n=$((n + 1))
  curl -sf -H "Authorization: Bearer $T" "http://127.0.0.1:$porta$rotta" >"$dir/statico/$n.json"
  byte=$(wc -c <"$dir/statico/$n.json")
  wrk -t2 -c50 -d"$DURATA" --latency -H "Authorization: Bearer $T" "http://127.0.0.1:$porta$rotta" >"$dir/wrk.txt"
  mediana=$(awk '/^ +50%/ {print $2}' "$dir/wrk.txt")
  p99=$(awk '/^ +99%/ {print $2}' "$dir/wrk.txt")
  rps=$(awk '/^Requests\/sec/ {print $2}' "$dir/wrk.txt")
  errori=$(awk '/Non-2xx/ {print $NF}' "$dir/wrk.txt")
  rss=$(ps -o rss= -p "$pid" | awk '{printf "%.0f MiB", $1/1024}')
  echo "| \`$rotta\` | $mediana | $p99 | $rps | ${errori:-0} | $byte | $rss |"
done

# Gli stessi byte serviti da nginx come file statici: il limite della macchina per questo carico.
NGINX=$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)
if [ -n "$NGINX" ]; then
  porta_statica=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  cat >"$dir/nginx.conf" <<FINE
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/nginx-errori.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  client_body_temp_path $dir; proxy_temp_path $dir; fastcgi_temp_path $dir; uwsgi_temp_path $dir; scgi_temp_path $dir;
  server { listen 127.0.0.1:$porta_statica; root $dir/statico; }
}
FINE
  "$NGINX" -c "$dir/nginx.conf" -p "$dir"
  sleep 0.5
  echo
  echo "| stessi byte da nginx (file statico) | mediana | p99 | richieste/s | non 2xx | byte |"
  echo "|---|---|---|---|---|---|"
  for i in $(seq 1 "$n"); do
    wrk -t2 -c50 -d"$DURATA" --latency "http://127.0.0.1:$porta_statica/$i.json" >"$dir/wrk.txt"
    mediana=$(awk '/^ +50%/ {print $2}' "$dir/wrk.txt")
    p99=$(awk '/^ +99%/ {print $2}' "$dir/wrk.txt")
    rps=$(awk '/^Requests\/sec/ {print $2}' "$dir/wrk.txt")
    errori=$(awk '/Non-2xx/ {print $NF}' "$dir/wrk.txt")
    echo "| risposta $i | $mediana | $p99 | $rps | ${errori:-0} | $(wc -c <"$dir/statico/$i.json") |"
  done
else
  echo "(nginx assente: niente confronto con il file statico; apt-get install nginx-light)"
fi
