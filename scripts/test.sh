#!/usr/bin/env bash
# The test command behind `make test`: optional services, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
exec "$BIN/python" -m pytest "$@"
