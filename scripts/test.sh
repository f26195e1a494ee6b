#!/usr/bin/env bash
# The whole test suite from a fresh clone: installs uv, builds the locked environment, then runs
# the unit tests, the emulator-backed integration tests, ruff and mypy, and the docs' browser check
# when a Chromium is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet --disable-pip-version-check uv
python -m uv sync --locked --quiet
python -m uv run --locked pytest "$@"
python -m uv run --locked ruff check langchain_openrouter_responses tests integration_tests scripts examples benchmarks
python -m uv run --locked ruff format --check langchain_openrouter_responses tests integration_tests scripts examples benchmarks
python -m uv run --locked mypy
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
