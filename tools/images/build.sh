#!/usr/bin/env bash
# `npm run images`: builds every image of the platform with podman (or Docker, where an
# engine runs and IMAGES_ENGINE=docker): the bases (bases.sh), then one image per service
# from docker/Dockerfile, then measures them (facts.sh) into docs/operations.md.
#   IMAGES_SERVICES="gateway permits"  only these services
#   IMAGES_SKIP_FACTS=1                 no measuring
#   TAG=dev                             the services' tag (palembang/<service>:<tag>)
# Writes the images it built to $IMAGES_CACHE_DIR/images.env for compose.sh and kube.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_container_tools
started=$SECONDS
bases="$(bash "$images_dir/bases.sh")"
grep -Eq '^NODE_IMAGE=.+' <<< "$bases" || die "bases.sh printed no NODE_IMAGE"
eval "$bases"
# The machine's CA bundle, for the build stages' npm: this machine reaches the registry through a
# TLS-intercepting proxy whose CA only the host trusts. Not part of any image (a build-time mount).
host_ca="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
ca_args=()
[[ -s "$host_ca" ]] && ca_args=(-v "$host_ca:/run/build-ca.crt:ro" --build-arg NODE_EXTRA_CA_CERTS=/run/build-ca.crt)
# One snapshot of the build context for every service: the images come from the same sources
# even while the working tree changes, and share the build stage's layers.
context="$(mktemp -d "$images_cache/context.XXXXXX")"
trap 'rm -rf "$context"' EXIT
tar -C "$repo_root" --exclude=node_modules --exclude=dist -cf - package.json package-lock.json nx.json tsconfig.base.json tsconfig.json apps libs \
  | tar -C "$context" -xf -
read -r -a services <<< "${IMAGES_SERVICES:-${SERVICES[*]}}"
for service in "${services[@]}"; do
  log "building palembang/$service:$TAG on $RUNTIME_IMAGE"
  service_started=$SECONDS
  # --network host: the build stages reach the npm registry as this machine does.
  podman build --format docker --network host \
    -f "$repo_root/docker/Dockerfile" --ignorefile "$repo_root/docker/Dockerfile.dockerignore" \
    --build-arg SERVICE="$service" --build-arg NODE_IMAGE="$NODE_IMAGE" --build-arg RUNTIME_IMAGE="$RUNTIME_IMAGE" "${ca_args[@]}" \
    -t "palembang/$service:$TAG" "$context" > "$images_cache/build-$service.log" 2>&1 \
    || { grep -v MaxListenersExceeded "$images_cache/build-$service.log" | tail -40 >&2; die "building palembang/$service:$TAG failed (log: $images_cache/build-$service.log)"; }
  log "built palembang/$service:$TAG in $((SECONDS - service_started)) s"
done
{
  printf '%s\n' "$bases"
  echo "TAG=$TAG"
} > "$images_cache/images.env"
log "images built in $((SECONDS - started)) s"
if [[ -z "${IMAGES_SKIP_FACTS:-}" ]]; then bash "$images_dir/facts.sh" "${services[@]}"; fi
