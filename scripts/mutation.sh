#!/usr/bin/env bash
# Mutation testing of the wire modules and the error mapping (issue 12) with mutmut. For developers:
# not part of CI or scripts/test.sh. It takes long: about 1 mutant per 2-4 s on 2 busy cores.
#
# It mutates a clean copy of HEAD (so commit first: uncommitted changes are not in the copy, and
# this tree is never touched), with the [tool.mutmut] settings of pyproject.toml, then prints the
# score per module (scripts/mutation_report.py) with the survivors listed in
# scripts/mutation-equivalent.txt shown as equivalent, each with its reason.
#
#   scripts/mutation.sh                                  every configured path
#   scripts/mutation.sh _wire/sse.py _wire/reader.py     only these modules of the package
#   MUTATION_DIR=/tmp/mut scripts/mutation.sh ...         keep the copy there (it must not exist
#                                                         yet); then `cd /tmp/mut && python -m uv run
#                                                         --group mutation mutmut show NAME`
#   scripts/mutation.sh --report DIR                      print the score of a finished copy again
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
report() { python "$root/scripts/mutation_report.py" "$1" "$root/scripts/mutation-equivalent.txt"; }

if [ "${1:-}" = "--report" ]; then
    report "${2:?--report needs the copy mutmut ran in}"
    exit $?
fi

if [ -n "${MUTATION_DIR:-}" ]; then
    if [ -e "$MUTATION_DIR" ]; then
        echo "MUTATION_DIR=$MUTATION_DIR exists; give a new path (nothing is deleted for you)" >&2
        exit 2
    fi
    work="$MUTATION_DIR"
    mkdir -p "$work"
else
    work="$(mktemp -d -t mutation.XXXXXX)"
fi
git -C "$root" archive HEAD | tar -x -C "$work"
cd "$work"

if [ "$#" -gt 0 ]; then
    # Only the modules given: rewrite source_paths in the copy's pyproject.toml.
    python - "$@" <<'PY'
import re, sys
from pathlib import Path

paths = []
for arg in sys.argv[1:]:
    path = arg if arg.startswith("langchain_openrouter_responses/") else f"langchain_openrouter_responses/{arg}"
    if not Path(path).exists():
        sys.exit(f"no such module in HEAD: {path}")
    paths.append(path)
pyproject = Path("pyproject.toml")
text = pyproject.read_text()
listed = "source_paths = [\n" + "".join(f'    "{path}",\n' for path in paths) + "]"
text, count = re.subn(r"^source_paths = \[[^\]]*\]", listed, text, flags=re.M)
if count != 1:
    sys.exit("pyproject.toml has no [tool.mutmut] source_paths to restrict")
pyproject.write_text(text)
PY
fi

echo "mutating in $work"
status=0
python -m uv run --locked --quiet --group mutation mutmut run || status=$?
report "$work" || status=$((status == 0 ? $? : status))
echo "copy kept in $work (delete it when done)"
exit "$status"
