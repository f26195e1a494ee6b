#!/usr/bin/env bash
# The whole test suite from a fresh clone: installs uv, builds the locked environment, then runs
# the unit tests, the emulator-backed integration tests, ruff and mypy.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet --disable-pip-version-check uv
python -m uv sync --locked --quiet
python -m uv run --locked pytest "$@"
python -m uv run --locked ruff check langchain_openrouter_responses tests integration_tests scripts
python -m uv run --locked ruff format --check langchain_openrouter_responses tests integration_tests scripts
python -m uv run --locked mypy
