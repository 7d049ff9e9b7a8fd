#!/usr/bin/env bash
# Runs docker/compose.yaml for real under podman-compose on the images of build.sh:
# PostgreSQL, Kafka, the topics, the migrations and every service, health-gated;
# then the smoke test (smoke.ts) through the gateway; then everything down, volumes
# included, also when something fails or the run is interrupted.
# Secrets are new random values each run; the published ports are free ones (so a
# platform started with `npm start` on 3000-3004 is left alone).
# Writes the start-to-ready seconds of each service to $IMAGES_CACHE_DIR/compose-ready.txt.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_container_tools
compose_bin="$(ensure_podman_compose)"
[[ -s "$images_cache/images.env" ]] || die "no images built yet: run npm run images first"
set -a
source "$images_cache/images.env"
set +a
project="palembang-compose-check"
UP_TIMEOUT_SECONDS="${UP_TIMEOUT_SECONDS:-900}"
work_dir="$(mktemp -d "$images_cache/compose.XXXXXX")"
env_file="$work_dir/env"
random_secrets_env > "$env_file"
read -r -d '' GATEWAY_HOST_PORT PERMITS_HOST_PORT COMPLAINTS_HOST_PORT TRAINING_HOST_PORT ACCOUNTABILITY_HOST_PORT < <(free_ports 5; printf '\0') || true
export GATEWAY_HOST_PORT PERMITS_HOST_PORT COMPLAINTS_HOST_PORT TRAINING_HOST_PORT ACCOUNTABILITY_HOST_PORT

compose() { "$compose_bin" --project-name "$project" --env-file "$env_file" -f "$repo_root/docker/compose.yaml" "$@"; }
cleanup() {
  local code=$?
  [[ -n "${health_ticker_pid:-}" ]] && kill "$health_ticker_pid" 2> /dev/null || true
  if ((code != 0)); then
    log "compose run failed: the last lines of each container's log"
    for id in $(podman ps -aq --filter "label=io.podman.compose.project=$project"); do
      log "--- $(podman inspect --format '{{.Name}} ({{.State.Status}}, exit {{.State.ExitCode}})' "$id")"
      podman logs --tail 15 "$id" 2>&1 | sed 's/^/    /' >&2 || true
    done
  fi
  log "bringing the compose stack down"
  compose down --volumes --timeout 30 > /dev/null 2>&1 || true
  # Whatever compose down left (a container of a half-started run), by the project's label only.
  podman rm -f -t 10 $(podman ps -aq --filter "label=io.podman.compose.project=$project") > /dev/null 2>&1 || true
  podman volume rm $(podman volume ls -q --filter "label=io.podman.compose.project=$project") > /dev/null 2>&1 || true
  podman network rm "${project}_default" > /dev/null 2>&1 || true
  rm -rf "$work_dir"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

: > "$images_cache/compose-up.log"
compose down --volumes --timeout 10 > /dev/null 2>&1 || true
start_health_ticker io.podman.compose.project "$project"
started=$SECONDS
# podman-compose gates depends_on conditions only on podman 4.6+ (Debian's is 4.3), so the gating
# is done here, from the compose file's own depends_on: each level of the graph starts
# (up --no-deps) once every condition of its services holds.
"$(yaml_python)" - "$repo_root/docker/compose.yaml" > "$work_dir/levels.txt" <<'PY'
import sys, yaml
services = yaml.safe_load(open(sys.argv[1]))["services"]
def deps(name):
    value = services[name].get("depends_on") or {}
    return value if isinstance(value, dict) else {dep: {"condition": "service_started"} for dep in value}
level = {}
def level_of(name):
    if name not in level:
        level[name] = 1 + max((level_of(dep) for dep in deps(name)), default=-1)
    return level[name]
for name in services: level_of(name)
for depth in range(max(level.values()) + 1):
    names = [name for name in services if level[name] == depth]
    conditions = sorted({f"{dep}={spec.get('condition', 'service_started')}" for name in names for dep, spec in deps(name).items()})
    print(" ".join(names) + " | " + " ".join(conditions))
PY

# Waits until the compose service $1 meets the depends_on condition $2.
wait_for() {
  local container="${project}_${1}_1" condition="$2"
  while true; do
    local status health exit_code
    status="$(podman inspect --format '{{.State.Status}}' "$container" 2> /dev/null || echo missing)"
    health="$(podman inspect --format '{{.State.Health.Status}}' "$container" 2> /dev/null || true)"
    exit_code="$(podman inspect --format '{{.State.ExitCode}}' "$container" 2> /dev/null || echo -1)"
    case "$condition" in
      service_healthy) [[ "$health" == healthy ]] && return 0 ;;
      service_completed_successfully)
        if [[ "$status" == exited ]]; then ((exit_code == 0)) && return 0; die "$1 exited with $exit_code"; fi ;;
      *) [[ "$status" == running ]] && return 0 ;;
    esac
    [[ "$status" == exited && "$condition" != service_completed_successfully ]] && die "$1 exited with $exit_code before it was $condition"
    ((SECONDS - started < UP_TIMEOUT_SECONDS)) || die "$1 was not $condition within $UP_TIMEOUT_SECONDS s"
    sleep 2
  done
}

log "compose up with podman-compose, level by level of depends_on, each gated on its conditions (at most $UP_TIMEOUT_SECONDS s)"
while IFS='|' read -r names conditions; do
  for condition in $conditions; do wait_for "${condition%%=*}" "${condition#*=}"; done
  # shellcheck disable=SC2086 # a list of service names
  compose up -d --no-build --no-deps $names >> "$images_cache/compose-up.log" 2>&1 || { tail -30 "$images_cache/compose-up.log" >&2; die "compose up $names failed"; }
  log "started $names ($((SECONDS - started)) s)"
done < "$work_dir/levels.txt"

: > "$images_cache/compose-ready.txt"
for service in "${SERVICES[@]}"; do
  container="${project}_${service}_1"
  until [[ "$(podman inspect --format '{{.State.Health.Status}}' "$container" 2> /dev/null)" == healthy ]]; do
    ((SECONDS - started < UP_TIMEOUT_SECONDS)) || die "$service did not become healthy within $UP_TIMEOUT_SECONDS s"
    [[ "$(podman inspect --format '{{.State.Status}}' "$container" 2> /dev/null)" == running ]] || sleep 2
    sleep 1
  done
  ready_seconds="$(python3 - "$(podman inspect --format '{{.State.StartedAt}}' "$container")" <<'PY'
import sys, datetime, re
started = re.sub(r"(\.\d{6})\d*", r"\1", sys.argv[1].split(" +")[0].replace(" ", "T"))
print(round((datetime.datetime.utcnow() - datetime.datetime.fromisoformat(started)).total_seconds(), 1))
PY
)"
  echo "$service $ready_seconds" >> "$images_cache/compose-ready.txt"
  log "$service healthy (at most $ready_seconds s after its container started)"
done
log "every service healthy $((SECONDS - started)) s after compose up; running the smoke test through the gateway"
SMOKE_GATEWAY_URL="http://127.0.0.1:$GATEWAY_HOST_PORT" \
SMOKE_ADMIN_SECRET="$(sed -n 's/^GATEWAY_BOOTSTRAP_ADMIN_SECRET=//p' "$env_file")" \
  "$repo_root/node_modules/.bin/tsx" "$images_dir/smoke.ts"
