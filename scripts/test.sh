#!/usr/bin/env bash
# Set up everything the tests need on a fresh Debian machine (a virtualenv with the test extras,
# Debian's Chromium for the browser tests), then lint, type-check and run the whole test suite.
# Extra args go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# ACCORDS_CHROMIUM names another Chromium-based browser (e.g. Google Chrome on GitHub's runners).
if [ -z "${ACCORDS_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
.venv/bin/ruff check scripts tests     # lint (rules in pyproject.toml)
.venv/bin/mypy                          # types (settings in pyproject.toml)
exec .venv/bin/python -m pytest "$@"
