# Sourced by the scripts of tools/images: paths, logging, and the container tools
# (podman with runc and the cgroupfs cgroup manager, mmdebstrap), installed with
# apt-get when missing and running as root.
images_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$images_dir/../.." && pwd)"
# Outside the repository (a fresh clone works without it): root filesystems, Kafka's jars, the SBOM tool.
images_cache="${IMAGES_CACHE_DIR:-/var/tmp/palembang-images}"
SERVICES=(gateway permits complaints training accountability webhooks)
TAG="${TAG:-dev}"

log() { printf '[images] %s\n' "$*" >&2; }
die() { log "$*"; exit "${2:-1}"; }

# Debian's podman works here only with runc, cgroupfs and no default ulimits; a
# containers.conf of our own says so without touching the machine's /etc/containers.
ensure_container_tools() {
  local missing=()
  for tool in podman runc mmdebstrap iptables jq; do command -v "$tool" > /dev/null || missing+=("$tool"); done
  if ((${#missing[@]})); then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get > /dev/null; then
      log "installing ${missing[*]} and their helpers with apt-get (one-off, a minute or two)"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq > /dev/null
      apt-get install -y -qq podman runc mmdebstrap netavark aardvark-dns iptables uidmap fuse-overlayfs jq > /dev/null
    else
      die "missing ${missing[*]}: run as root (the scripts install them with apt-get) or install podman, runc, mmdebstrap, netavark, aardvark-dns, iptables and jq yourself" 3
    fi
  fi
  mkdir -p "$images_cache"
  export CONTAINERS_CONF="$images_cache/containers.conf"
  cat > "$CONTAINERS_CONF" <<'CONF'
[containers]
default_ulimits = []
[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"
events_logger = "file"
[network]
network_backend = "netavark"
CONF
}

# A short content hash of files, so that a base image is rebuilt only when what it is built from changes.
inputs_hash() { cat "$@" | sha256sum | cut -c1-12; }

# podman-compose from PyPI, pinned (Debian's 1.0.3 ignores depends_on conditions), in a venv of the cache.
PODMAN_COMPOSE_VERSION=1.6.0
ensure_podman_compose() {
  local venv="$images_cache/podman-compose-$PODMAN_COMPOSE_VERSION"
  if [[ ! -x "$venv/bin/podman-compose" ]]; then
    log "installing podman-compose $PODMAN_COMPOSE_VERSION into $venv (one-off)"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "podman-compose==$PODMAN_COMPOSE_VERSION"
  fi
  echo "$venv/bin/podman-compose"
}

# A Python with PyYAML (podman-compose's own dependency), for the scripts that read the deployment files.
yaml_python() { echo "$(dirname "$(ensure_podman_compose)")/python"; }

# Podman runs health checks from systemd timers; where systemd does not run (containers, CI),
# nothing would ever mark a container healthy. This loop runs the checks of the containers
# labelled $1=$2 every few seconds instead, until killed.
start_health_ticker() {
  local label="$1=$2"
  (
    while true; do
      for id in $(podman ps -q --filter "label=$label" 2> /dev/null); do
        podman healthcheck run "$id" > /dev/null 2>&1 || true
      done
      sleep 3
    done
  ) &
  health_ticker_pid=$!
}

# Free TCP ports on 127.0.0.1, one a line.
free_ports() {
  python3 - "$1" <<'PY'
import socket, sys
sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in sockets: s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in sockets))
PY
}

# The secrets of docker/env.example, each a new random value, as an env file.
random_secrets_env() {
  local name
  while IFS= read -r name; do
    case "$name" in
      *_KEY) echo "$name=$(openssl rand -base64 32)" ;;
      *) echo "$name=$(openssl rand -hex 24)" ;;
    esac
  done < <(sed -n 's/^\([A-Z_]*\)=$/\1/p' "$repo_root/docker/env.example")
}
