#!/usr/bin/env bash
# The whole test suite from a fresh clone: installs uv, builds the locked environment, then runs
# the unit tests, the emulator-backed integration tests, the live suite against the emulator, ruff
# and mypy, and the docs' browser check when a Chromium is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet --disable-pip-version-check uv
python -m uv sync --locked --quiet
python -m uv run --locked pytest "$@"
# examples/ray_batch.py on a local Ray (the 'ray' dependency group, not a runtime dependency); the
# main run above skips it when Ray is not installed.
python -m uv run --locked --group ray pytest -p no:randomly tests/examples/test_examples.py -k ray_batch
# The live suite (integration_tests/live, marker live; deselected above) against the emulator run as a
# separate process: the tests that call OpenRouter with a real key (OPENROUTER_API_KEY=... pytest -m live)
# must pass against it too, so they are known to assert real things.
python_bin="$(python -m uv run --locked python -c 'import sys; print(sys.executable)')"
emulator_out="$(mktemp)"
"$python_bin" -m langchain_openrouter_responses.emulator --port 0 --quiet >"$emulator_out" &
emulator_pid=$!
trap 'kill "$emulator_pid" 2>/dev/null || true; rm -f "$emulator_out"' EXIT
emulator_url=""
for _ in $(seq 300); do
    emulator_url="$(sed -n 's/^OpenRouter emulator listening on //p' "$emulator_out")"
    if [ -n "$emulator_url" ] || ! kill -0 "$emulator_pid" 2>/dev/null; then break; fi
    sleep 0.1
done
if [ -z "$emulator_url" ]; then
    echo "live suite FAILED: the emulator did not start" >&2
    exit 1
fi
OPENROUTER_API_KEY=sk-or-emulator OPENROUTER_BASE_URL="$emulator_url" python -m uv run --locked pytest -m live integration_tests/live
kill "$emulator_pid"
wait "$emulator_pid" || true
rm -f "$emulator_out"
trap - EXIT
python -m uv run --locked ruff check langchain_openrouter_responses tests integration_tests scripts examples benchmarks
python -m uv run --locked ruff format --check langchain_openrouter_responses tests integration_tests scripts examples benchmarks
python -m uv run --locked mypy
python -m uv run --locked lint-imports --no-cache
# The docs in a real browser (scripts/docs_browser.py): every page at 390 and 1280 px in headless
# Chromium, screenshots in build/docs-browser/. Runs when a Chromium is installed (CI installs
# Debian's); otherwise says it skipped, unless DOCS_BROWSER_REQUIRED is set (as in CI).
browser="${DOCS_CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
if [ -n "$browser" ]; then
    DOCS_CHROMIUM="$browser" python -m uv run --locked --group docs --group browser python scripts/docs_browser.py --self-test
elif [ -n "${DOCS_BROWSER_REQUIRED:-}" ]; then
    echo "docs browser check FAILED: no Chromium found and DOCS_BROWSER_REQUIRED is set" >&2
    exit 1
else
    echo "docs browser check SKIPPED: no Chromium found (install Debian's chromium package, or set DOCS_CHROMIUM to a Chromium executable)"
fi
dist="$(mktemp -d)"
python -m uv build --quiet --out-dir "$dist"
python -m uv run --locked --with twine twine check --strict "$dist"/*
python - "$dist" <<'PY'
import glob, sys, zipfile
names = zipfile.ZipFile(glob.glob(f"{sys.argv[1]}/*.whl")[0]).namelist()
for required in (
    "langchain_openrouter_responses/py.typed",
    "langchain_openrouter_responses/data/profiles.json",
    "langchain_openrouter_responses/emulator/recordings/stream-text-gpt-4o-mini.sse",
    "langchain_openrouter_responses/emulator/recordings/README.md",
    "langchain_openrouter_responses/emulator/recordings/LICENSE-Apache-2.0.txt",
):
    assert required in names, f"{required} missing from the wheel"
print(f"wheel ok: {len(names)} files")
PY
