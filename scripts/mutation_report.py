"""Score per module of a mutmut run (scripts/mutation.sh), with the survivors marked equivalent.

Usage: python scripts/mutation_report.py [--equivalents FILE] MUTMUT_COPY [RECHECK_COPY ...]

Reads mutmut's results (`mutants/**/*.py.meta` in the copy it ran in) and
`scripts/mutation-equivalent.txt` (one `mutant-name reason` a line; `#` starts a comment).
A later copy where only some mutants were run again (`scripts/mutation.sh --recheck`) overrides
the verdicts of those mutants.
Killed counts timeouts (as mutmut does). The score is killed / total; "without equivalents"
leaves the survivors marked equivalent out of the total. Exits 1 when a module scores below the
goal (90% without equivalents), has unexplained survivors, or was not fully run.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path

GOAL = 90.0
KILLED = frozenset({1, 3, 36, 24, -24, 152, 255})  # mutmut's "killed" and "timeout" exit codes
SURVIVED = 0


@dataclass
class Module:
    """The verdicts of one mutated module."""

    name: str
    total: int = 0
    killed: int = 0
    not_checked: int = 0
    equivalent: list[str] = field(default_factory=list)
    survived: list[str] = field(default_factory=list)
    other: dict[str, int] = field(default_factory=dict)

    @property
    def score(self) -> float:
        """Killed out of all mutants, in percent."""
        return 100 * self.killed / self.total if self.total else 100.0

    @property
    def score_without_equivalents(self) -> float:
        """Killed out of the mutants not marked equivalent, in percent."""
        tested = self.total - len(self.equivalent)
        return 100 * self.killed / tested if tested else 100.0

    @property
    def passes(self) -> bool:
        """Meets the goal, with nothing unexplained or left unrun."""
        clean = not (self.survived or self.other or self.not_checked)
        return clean and self.score_without_equivalents >= GOAL


def read_equivalents(path: Path) -> dict[str, str]:
    """Mutant name → why it is equivalent, from the list file."""
    found: dict[str, str] = {}
    if path.exists():
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if line and not line.startswith("#"):
                name, _, reason = line.partition(" ")
                found[name] = reason.strip()
    return found


def read_codes(meta: Path) -> dict[str, int | None]:
    """Mutant name → mutmut's exit code (None: not run), from a `.meta` file."""
    codes: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return codes


def read_module(meta: Path, mutants: Path, rechecks: list[Path], marked: dict[str, str]) -> Module:
    """One module's verdicts from its mutmut `.meta` file, with those of the rechecks over them."""
    relative = meta.relative_to(mutants)
    module = Module(str(relative)[: -len(".meta")])
    codes = read_codes(meta)
    for recheck in rechecks:
        if (recheck / "mutants" / relative).exists():
            rerun = read_codes(recheck / "mutants" / relative)
            codes.update({name: code for name, code in rerun.items() if code is not None and name in codes})
    for name, code in codes.items():
        module.total += 1
        if code in KILLED:
            module.killed += 1
        elif code == SURVIVED:
            (module.equivalent if name in marked else module.survived).append(name)
        elif code is None:
            module.not_checked += 1
        else:
            module.other[name] = code
    return module


def main(argv: list[str]) -> int:
    """Print the table and the survivors; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--equivalents", type=Path, default=Path(__file__).with_name("mutation-equivalent.txt"))
    parser.add_argument("copy", type=Path, help="the copy mutmut ran in")
    parser.add_argument("rechecks", type=Path, nargs="*", help="copies where some mutants were run again")
    args = parser.parse_args(argv)
    marked = read_equivalents(args.equivalents)
    mutants = args.copy / "mutants"
    metas = sorted(mutants.rglob("*.py.meta"))
    modules = [read_module(meta, mutants, args.rechecks, marked) for meta in metas]
    if not modules:
        print(f"no mutmut results under {mutants}")
        return 1
    columns = ("total", "killed", "surv.", "equiv.", "unrun", "score", "w/o eq.")
    header = f"{'module':56}" + "".join(f" {title:>7}" for title in columns)
    print(header)
    print("-" * len(header))
    for m in modules:
        survived = len(m.survived) + len(m.equivalent)
        unrun = m.not_checked + len(m.other)
        counts = "".join(f" {n:7}" for n in (m.total, m.killed, survived, len(m.equivalent), unrun))
        print(f"{m.name:56}{counts} {m.score:6.1f}% {m.score_without_equivalents:6.1f}%")
    lines = []
    for m in modules:
        lines += [f"  equivalent  {name}  {marked[name]}" for name in m.equivalent]
        lines += [f"  SURVIVED    {name}" for name in m.survived]
        lines += [f"  exit {code:<5}  {name}" for name, code in m.other.items()]
    if lines:
        print("\nSurvivors (`mutmut show NAME` in the copy shows the change):")
        print("\n".join(lines))
    print(f"\nGoal: {GOAL:.0f}% killed in each module once equivalents are left out, no unexplained survivors.")
    return 0 if all(m.passes for m in modules) else 1


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
