#!/usr/bin/env bash
# npm test's container step (tools/infra/src/cli.ts runs it after the other tests):
# builds every image, runs the Compose stack and the smoke test through it, and the
# Kubernetes dev overlay with the same smoke test, each bounded in time. Where containers
# cannot run (not root and no podman, or podman cannot start a container), it says so in
# one line and passes; the offline validation (tools/deploy-check) has run before it.
# Bounded: the build 15 minutes, each run 12 (about 7 minutes in all on this machine when the
# bases are cached in /var/tmp/palembang-images; a fresh machine first spends a few minutes on them).
#   IMAGES_TEST=off  skip the step (one line says so)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
skip() { echo "images: skipped: $*"; exit 0; }
[[ "${IMAGES_TEST:-on}" != off ]] || skip "IMAGES_TEST=off"
if [[ "$(id -u)" != 0 ]] && ! command -v podman > /dev/null; then skip "containers cannot run here (not root, and podman is not installed)"; fi
if ! (source "$here/lib.sh" && ensure_container_tools && podman info > /dev/null 2>&1); then
  skip "containers cannot run here (podman could not be installed or does not start)"
fi
source "$here/lib.sh"
ensure_container_tools
started=$SECONDS
IMAGES_SKIP_FACTS=1 timeout "${IMAGES_BUILD_TIMEOUT:-900}" bash "$here/build.sh" || { echo "images: the image build failed"; exit 1; }
source "$images_cache/images.env"
if ! podman run --rm --network none "$RUNTIME_IMAGE" node -e 0 > /dev/null 2>&1; then
  skip "containers cannot run here (podman builds but cannot start a container)"
fi
status=0
UP_TIMEOUT_SECONDS=540 timeout "${IMAGES_COMPOSE_TIMEOUT:-720}" bash "$here/compose.sh" || { echo "images: the Compose run failed"; status=1; }
if [[ -x "$here/kube.sh" ]]; then
  READY_TIMEOUT_SECONDS=540 timeout "${IMAGES_KUBE_TIMEOUT:-720}" bash "$here/kube.sh" || { echo "images: the Kubernetes dev overlay run failed"; status=1; }
fi
# The facts (sizes, user, dev dependencies, SBOM) are checked as well: a regression fails the step.
bash "$here/facts.sh" --check || { echo "images: the image facts check failed"; status=1; }
echo "images: $((SECONDS - started)) s in all"
exit "$status"
