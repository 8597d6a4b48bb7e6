# Helpers for .ci/run: idempotent installs and service starts (commands from the machine notes).

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

SUDO=""
# A daemon started here must not keep CI's output open after the run: its output goes to this file.
SERVICE_LOG="${TMPDIR:-/tmp}/messenger-ci-services.log"
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Installs the Debian packages that are not installed yet (one apt-get update, only if needed).
apt_install_missing() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then echo "all present: $*"; return; fi
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Waits up to $2 seconds for command $1 to succeed.
wait_for() {
  local check="$1" seconds="${2:-30}"
  for _ in $(seq "$seconds"); do
    if eval "$check" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "timed out waiting for: $check" >&2
  return 1
}

ensure_postgres() {
  if pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1; then echo "PostgreSQL is up"; return; fi
  echo "starting PostgreSQL"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start </dev/null >>"$SERVICE_LOG" 2>&1
  wait_for "pg_isready -h 127.0.0.1 -p 5432" 60
}

ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then echo "Redis is up"; return; fi
  echo "starting Redis"
  $SUDO mkdir -p /var/lib/redis /var/log/redis
  $SUDO redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log </dev/null >>"$SERVICE_LOG" 2>&1
  wait_for "redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG" 30
}

ensure_rabbitmq() {
  if (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; then echo "RabbitMQ is up"; return; fi
  echo "starting RabbitMQ"
  $SUDO rabbitmq-server -detached </dev/null >>"$SERVICE_LOG" 2>&1
  wait_for "(exec 3<>/dev/tcp/127.0.0.1/5672)" 90
}

ensure_mariadb() {
  if (exec 3<>/dev/tcp/127.0.0.1/3306) 2>/dev/null; then echo "MariaDB is up"; return; fi
  echo "starting MariaDB"
  # /run is emptied at boot: the server's socket and pid file go there.
  $SUDO install -d -o mysql -g mysql /run/mysqld
  $SUDO start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd </dev/null >>"$SERVICE_LOG" 2>&1
  wait_for "(exec 3<>/dev/tcp/127.0.0.1/3306)" 60
}

# Runs a command and says how long it took.
timed() {
  local started=$SECONDS
  "$@"
  echo "($* took $((SECONDS - started)) s)"
}
