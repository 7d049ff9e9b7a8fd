#!/bin/sh
# Installs the pinned Schemathesis (PyPI) into a venv under node_modules/.cache, once;
# prints the path of its executable. Idempotent: a venv holding the pinned version is reused.
set -eu
VERSION=4.32.5
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV="$ROOT/node_modules/.cache/schemathesis"
BIN="$VENV/bin/schemathesis"
PYTHON=${PYTHON:-python3}

if [ -x "$BIN" ] && [ "$(cat "$VENV/.version" 2>/dev/null)" = "$VERSION" ]; then
  echo "$BIN"
  exit 0
fi
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "ensure-schemathesis: $PYTHON not found; the OpenAPI fuzz test needs Python 3.9+ with venv (apt-get install python3 python3-venv)" >&2
  exit 3
fi
if ! "$PYTHON" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 9) else 1)' 2>/dev/null; then
  echo "ensure-schemathesis: $PYTHON is older than 3.9 or has no venv module; schemathesis $VERSION needs Python 3.9+ with venv" >&2
  exit 3
fi
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV" >&2
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2
echo "$VERSION" > "$VENV/.version"
echo "$BIN"
