#!/usr/bin/env bash
# Make sure PostgreSQL (DATABASE_URL) and RabbitMQ (AMQP_URI) answer, starting them when we can:
# docker compose from deploy/ where a Docker engine runs, else this machine's own packages.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
db_url="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
amqp_uri="${AMQP_URI:-amqp://guest:guest@127.0.0.1:5672/}"

host_port() {  # scheme://user:pass@host:port/... -> "host port"
  local rest="${1#*://}"; rest="${rest#*@}"; rest="${rest%%/*}"
  local host="${rest%%:*}" port="${rest##*:}"
  [ "$port" = "$rest" ] && port="$2"
  echo "$host $port"
}
reachable() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }
wait_for() {  # name host port
  for _ in $(seq 1 60); do reachable "$2" "$3" && return 0; sleep 1; done
  echo "$1 did not come up on $2:$3 within 60 s" >&2; return 1
}

read -r pg_host pg_port < <(host_port "$db_url" 5432)
read -r mq_host mq_port < <(host_port "$amqp_uri" 5672)
missing=()
reachable "$pg_host" "$pg_port" || missing+=(postgres)
reachable "$mq_host" "$mq_port" || missing+=(rabbitmq)
[ ${#missing[@]} -eq 0 ] && exit 0

if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
  echo "starting ${missing[*]} with docker compose"
  docker compose -f "$here/docker-compose.yml" up -d "${missing[@]}"
else
  for service in "${missing[@]}"; do
    case "$service" in
      postgres)
        if command -v pg_ctlcluster >/dev/null; then
          echo "starting the local PostgreSQL"
          pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
        else
          echo "PostgreSQL is not reachable at $pg_host:$pg_port and is not installed." >&2
          echo "Install it (Debian/Ubuntu: apt-get install postgresql) or set DATABASE_URL." >&2; exit 1
        fi ;;
      rabbitmq)
        if command -v rabbitmq-server >/dev/null; then
          echo "starting the local RabbitMQ"
          rabbitmq-server -detached
        else
          echo "RabbitMQ is not reachable at $mq_host:$mq_port and is not installed." >&2
          echo "Install it (Debian/Ubuntu: apt-get install rabbitmq-server) or set AMQP_URI." >&2; exit 1
        fi ;;
    esac
  done
fi
wait_for PostgreSQL "$pg_host" "$pg_port"
wait_for RabbitMQ "$mq_host" "$mq_port"
