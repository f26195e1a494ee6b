#!/usr/bin/env bash
# Mutation testing of the wire modules and the error mapping (issue 12) with mutmut. For developers:
# not part of CI or scripts/test.sh. It takes long: 0.2 to 1 mutant a second on 2 busy cores.
#
# It mutates a clean copy of HEAD (so commit first: uncommitted changes are not in the copy, and
# this tree is never touched), with the [tool.mutmut] settings of pyproject.toml, then prints the
# score per module (scripts/mutation_report.py) with the survivors listed in
# scripts/mutation-equivalent.txt shown as equivalent, each with its reason.
#
#   scripts/mutation.sh                                  every configured path
#   scripts/mutation.sh _wire/sse.py _wire/reader.py     only these modules of the package
#   MUTATION_DIR=/tmp/mut scripts/mutation.sh ...        keep the copy there (it must not exist yet);
#                                                        then `cd /tmp/mut && python -m uv run
#                                                        --group mutation mutmut show NAME`
#   MUTATION_JOBS=1 scripts/mutation.sh ...              at most that many mutants at a time (mutmut's
#                                                        --max-children; default: one per core)
#   scripts/mutation.sh --recheck DIR                    after adding tests: run again, in a new copy,
#                                                        only the mutants that survived in the copy DIR
#                                                        (the mutated modules must not have changed)
#   scripts/mutation.sh --report DIR [RECHECK_DIR...]    print the score of finished copies again
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
report() { python "$root/scripts/mutation_report.py" --equivalents "$root/scripts/mutation-equivalent.txt" "$@"; }

if [ "${1:-}" = "--report" ]; then
    shift
    report "${@:?--report needs the copy mutmut ran in}"
    exit $?
fi
previous=""
if [ "${1:-}" = "--recheck" ]; then
    previous="$(cd "${2:?--recheck needs the copy of an earlier run}" && pwd)"
    shift 2
    # The modules of the earlier run, from its results.
    set -- $(cd "$previous/mutants" && find langchain_openrouter_responses -name '*.py.meta' | sed 's/\.meta$//' | sort)
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

names=()
if [ -n "$previous" ]; then
    for module in "$@"; do
        if ! cmp -s "$previous/$module" "$module"; then
            echo "$module changed since the run in $previous: its mutants are not the same; run it afresh" >&2
            exit 2
        fi
    done
    mapfile -t names < <(python - "$previous" <<'PY'
import json, sys
from pathlib import Path

for meta in sorted(Path(sys.argv[1], "mutants").rglob("*.py.meta")):
    for name, code in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].items():
        if code == 0:
            print(name)
PY
    )
    echo "running again the ${#names[@]} mutants that survived in $previous"
fi

echo "mutating in $work"
status=0
jobs=()
if [ -n "${MUTATION_JOBS:-}" ]; then
    jobs=(--max-children "$MUTATION_JOBS")
fi
python -m uv run --locked --quiet --group mutation mutmut run "${jobs[@]}" "${names[@]}" || status=$?
if [ -n "$previous" ]; then
    report "$previous" "$work" || status=$((status == 0 ? $? : status))
else
    report "$work" || status=$((status == 0 ? $? : status))
fi
echo "copy kept in $work (delete it when done)"
exit "$status"
