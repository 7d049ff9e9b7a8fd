#!/usr/bin/env bash
# Runs the Kubernetes dev overlay for real with `podman kube play`, on the images of
# build.sh: the overlay is built with kustomize, turned into what podman plays
# (kube_play.py says how), and run on a network of its own beside the backing services it
# needs (PostgreSQL, and Kafka over SASL_SSL under the overlay's name
# kafka.palembang-dev-data.svc). The kafka-topics and migration Jobs must complete, every
# Deployment's pod must answer its readiness probe's own endpoint, run as a non-root user
# on a read-only root filesystem, and the smoke test (smoke.ts) must pass through the
# gateway pod. Everything it started is removed at the end, also on failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_container_tools
python="$(yaml_python)"
[[ -s "$images_cache/images.env" ]] || die "no images built yet: run npm run images first"
source "$images_cache/images.env"
READY_TIMEOUT_SECONDS="${READY_TIMEOUT_SECONDS:-900}"
net="palembang-kube-check"
label="io.palembang.check=kube"
kustomize="$(ls "${DEPLOY_CHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/palembang-deploy-check}"/bin/kustomize-* 2> /dev/null | head -1 || true)"
if [[ -z "$kustomize" ]]; then
  log "kustomize is not installed yet: tools/deploy-check installs it"
  bash "$repo_root/tools/deploy-check/run.sh" > /dev/null 2>&1 || true
  kustomize="$(ls "${DEPLOY_CHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/palembang-deploy-check}"/bin/kustomize-* | head -1)"
fi
work="$(mktemp -d "$images_cache/kube.XXXXXX")"

cleanup() {
  local code=$?
  if ((code != 0)); then
    log "dev overlay run failed: the last lines of each container's log"
    for id in $(podman ps -aq --filter "network=$net"; for pod in $(jq -r '(.jobs + .deployments)[]' "$work/plan.json" 2> /dev/null); do podman ps -aq --filter "pod=$pod"; done); do
      [[ "$(podman inspect --format '{{.IsInfra}}' "$id" 2> /dev/null)" == true ]] && continue
      log "--- $(podman inspect --format '{{.Name}} ({{.State.Status}}, exit {{.State.ExitCode}})' "$id")"
      podman logs --tail 60 "$id" 2>&1 | grep -v '"Mapped {' | tail -12 | sed 's/^/    /' >&2 || true
    done
  fi
  log "removing the dev overlay's pods, the backing services, secrets and network"
  for file in "$work"/job-*.yaml.play "$work"/deployment-*.yaml.play; do
    [[ -e "$file" ]] && podman kube down "$file" > /dev/null 2>&1 || true
  done
  podman rm -f -t 10 $(podman ps -aq --filter "label=$label") > /dev/null 2>&1 || true
  podman rm -f -t 10 $(podman ps -aq --filter "network=$net") > /dev/null 2>&1 || true
  for secret in $(jq -r 'keys[]' "$work/secrets.json" 2> /dev/null); do podman secret rm "$secret" > /dev/null 2>&1 || true; done
  for volume in $(jq -r '.volumes[]' "$work/plan.json" 2> /dev/null); do podman volume rm -f "$volume" > /dev/null 2>&1 || true; done
  podman network rm -f "$net" > /dev/null 2>&1 || true
  # kube play makes podman's default kube network even when told to use another one.
  podman network rm podman-default-kube-network > /dev/null 2>&1 || true
  rm -rf "$work"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$kustomize" build "$repo_root/k8s/overlays/dev" > "$work/dev.yaml"
podman network rm -f "$net" > /dev/null 2>&1 || true
podman network create "$net" > /dev/null
started=$SECONDS

# Kafka's CA and broker certificate, for the overlay's broker name.
keystore_password="$(openssl rand -hex 24)"
mkdir -p "$work/certs"
podman run --rm --user 0 --network none -e KAFKA_TLS_KEYSTORE_PASSWORD="$keystore_password" \
  -e KAFKA_CERT_SANS=dns:kafka.palembang-dev-data.svc,dns:kafka,dns:localhost \
  -v "$work/certs:/certs" -v "$repo_root/docker/kafka/make-certs.sh:/scripts/make-certs.sh:ro" \
  --entrypoint /bin/bash "$KAFKA_IMAGE" /scripts/make-certs.sh /certs > /dev/null

# Every Secret the overlay refers to, with new random values; the database URLs point at the backing PostgreSQL.
"$python" - "$work/dev.yaml" "$work/certs/ca.pem" > "$work/secrets.json" <<'PY'
import base64, json, secrets, sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
wanted = set()
for doc in docs:
    if doc["kind"] not in ("Deployment", "Job"):
        continue
    spec = doc["spec"]["template"]["spec"]
    for container in spec["containers"] + spec.get("initContainers", []):
        for env in container.get("env", []):
            ref = env.get("valueFrom", {}).get("secretKeyRef")
            if ref:
                wanted.add((ref["name"], ref["key"]))
    for volume in spec.get("volumes", []):
        if "secret" in volume:
            for item in volume["secret"].get("items", []):
                wanted.add((volume["secret"]["secretName"], item["key"]))
values = {}
for name, key in sorted(wanted):
    if name.endswith("-database") and key == "url":
        service = name[: -len("-database")]
        value = f"postgres://{service}:{secrets.token_hex(24)}@postgres:5432/{service}"
    elif name == "kafka-ca":
        value = open(sys.argv[2]).read()
    elif key == "key":
        value = base64.b64encode(secrets.token_bytes(32)).decode()
    else:
        value = secrets.token_hex(24)
    values.setdefault(name, {})[key] = value
print(json.dumps(values))
PY
for secret in $(jq -r 'keys[]' "$work/secrets.json"); do
  podman secret rm "$secret" > /dev/null 2>&1 || true
  # podman 4.3 reads a Kubernetes secret for secretKeyRef as a JSON map of base64 values.
  jq -c --arg name "$secret" '.[$name] | map_values(@base64)' "$work/secrets.json" | podman secret create "$secret" - > /dev/null
done
secret_of() { jq -r --arg name "$1" --arg key "$2" '.[$name][$key]' "$work/secrets.json"; }

log "starting the backing services: PostgreSQL and Kafka (SASL_SSL) as kafka.palembang-dev-data.svc"
{
  echo "POSTGRES_PASSWORD=$(openssl rand -hex 24)"
  for service in "${SERVICES[@]}"; do
    url="$(secret_of "$service-database" url)"
    password="${url#postgres://$service:}"
    echo "${service^^}_DB_PASSWORD=${password%%@*}"
  done
} > "$work/postgres.env"
podman run -d --name palembang-kube-postgres --label "$label" --network "$net" --network-alias postgres \
  --env-file "$work/postgres.env" -v "$repo_root/docker/postgres/init-databases.sh:/docker-entrypoint-initdb.d/10-init-databases.sh:ro" \
  "$POSTGRES_IMAGE" > /dev/null
podman run -d --name palembang-kube-kafka --label "$label" --network "$net" --network-alias kafka.palembang-dev-data.svc \
  -e CLUSTER_ID="$(python3 -c 'import base64,uuid; print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))')" \
  -e KAFKA_ADMIN_PASSWORD="$(secret_of kafka-admin password)" -e KAFKA_TLS_KEYSTORE_PASSWORD="$keystore_password" \
  -e KAFKA_ADVERTISED_HOST=kafka.palembang-dev-data.svc -v "$work/certs:/certs:ro" \
  -v "$repo_root/docker/kafka/start-kafka.sh:/scripts/start-kafka.sh:ro" --entrypoint /bin/bash "$KAFKA_IMAGE" /scripts/start-kafka.sh > /dev/null
until podman exec palembang-kube-postgres pg_isready -U postgres -d postgres > /dev/null 2>&1 \
  && podman exec palembang-kube-kafka bash -c '/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092 --command-config /tmp/admin.properties' > /dev/null 2>&1; do
  ((SECONDS - started < READY_TIMEOUT_SECONDS)) || die "PostgreSQL or Kafka did not become ready"
  sleep 2
done
log "backing services ready after $((SECONDS - started)) s"

"$python" "$images_dir/kube_play.py" "$work/dev.yaml" "$work" "$work/secrets.json" localhost/palembang "$KAFKA_IMAGE" "$RUNTIME_IMAGE"
# podman 4.3 finds a ConfigMap for a volume only in the played file itself (--configmap serves env only).
play() { { cat "$work/configmaps.yaml"; echo ---; cat "$1"; } > "$1.play" && podman kube play --network "$net" "$1.play" > /dev/null; }

for job in $(jq -r '.jobs[]' "$work/plan.json"); do
  play "$work/job-$job.yaml"
  for container in $(podman ps -aq --filter "pod=$job"); do
    [[ "$(podman inspect --format '{{.IsInfra}}' "$container")" == true ]] && continue
    code="$(timeout 600 podman wait "$container")" || die "Job $job did not finish within 600 s"
    ((code == 0)) || { podman logs --tail 20 "$container" >&2; die "Job $job failed (exit $code)"; }
  done
  log "Job $job completed"
done

for deployment in $(jq -r '.deployments[]' "$work/plan.json"); do play "$work/deployment-$deployment.yaml"; done
: > "$images_cache/kube-ready.txt"
for deployment in $(jq -r '.deployments[]' "$work/plan.json"); do
  container="$deployment-$(jq -r --arg d "$deployment" '.probes[$d].container' "$work/plan.json")"
  probe="$(jq -r --arg d "$deployment" '.probes[$d] | "http://127.0.0.1:\(.port)\(.path)"' "$work/plan.json")"
  until podman exec "$container" node -e "fetch('$probe').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" > /dev/null 2>&1; do
    ((SECONDS - started < READY_TIMEOUT_SECONDS)) || die "$deployment did not answer its readiness probe $probe"
    sleep 2
  done
  # And behind its Service's port, through the service-port forwarder, as the other pods call it.
  until podman exec "$container" node -e "fetch('http://$deployment/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" > /dev/null 2>&1; do
    ((SECONDS - started < READY_TIMEOUT_SECONDS)) || die "$deployment did not answer on its Service's port (http://$deployment)"
    sleep 2
  done
  # The security context holds: a non-root user, and a root filesystem the process cannot write.
  uid="$(podman exec "$container" node -p 'process.getuid()')"
  [[ "$uid" != 0 ]] || die "$deployment runs as root"
  [[ "$(podman inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$container")" == true ]] || die "$deployment's root filesystem is writable"
  podman exec "$container" node -e "try{require('fs').writeFileSync('/app/probe','x');process.exit(1)}catch(e){process.exit(e.code==='EROFS'?0:1)}" \
    || die "$deployment could write to its root filesystem"
  echo "$deployment $((SECONDS - started))" >> "$images_cache/kube-ready.txt"
  log "$deployment ready on $probe (uid $uid, read-only root filesystem)"
done
log "every pod ready $((SECONDS - started)) s after the start; left out (no runtime in podman): $(jq -r '.leftOut | join(", ")' "$work/plan.json")"

# The gateway pod is reachable on the network only; the smoke test runs there, on the runtime image's Node (type stripping).
podman run --rm --network "$net" --label "$label" -v "$images_dir/smoke.ts:/smoke/smoke.ts:ro" \
  -e SMOKE_GATEWAY_URL=http://gateway -e SMOKE_ADMIN_SECRET="$(secret_of gateway-bootstrap-admin secret)" \
  -e NODE_OPTIONS=--disable-warning=ExperimentalWarning "$RUNTIME_IMAGE" node /smoke/smoke.ts
