"""The results table (markdown)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from benchmarks.contenders import CHATOPENAI, COMPARED, LIMIT, OURS, RAW
from benchmarks.results import CaseResult

HEADER = ("case", OURS, LIMIT, CHATOPENAI, RAW, "ours / limit", "ours / raw", "ours / chatopenai", "target: met?")
MET = {True: "yes", False: "**no**", None: "n/a"}


def number(value: float | None) -> str:
    """Format a median with three significant digits (— when missing)."""
    if value is None:
        return "—"
    return f"{value:,.0f}" if abs(value) >= 1_000 else f"{value:.3g}"


def times(value: float | None) -> str:
    """Format a ratio such as ``0.42x``."""
    if value is None:
        return "—"
    return f"{value:.2f}x" if value >= 0.1 else f"{value:.2g}x"


def with_spread(result: CaseResult, name: str) -> str:
    """Format a median with its min-max range under it, e.g. ``85.1<br>80.2 to 95.3``."""
    median = number(result.values.get(name))
    if name not in result.spread:
        return median
    low, high = result.spread[name]
    return f"{median}<br><small>{number(low)} to {number(high)}</small>"


def row(result: CaseResult) -> tuple[str, ...]:
    """Return the cells of one case."""
    values = [with_spread(result, name) for name in COMPARED]
    ratios = [times(result.ratio(OURS, other)) for other in (LIMIT, RAW, CHATOPENAI)]
    return (result.title, *values, *ratios, f"{result.target.text}: {MET[result.met]}")


def markdown_table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> list[str]:
    """Return the lines of a markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return lines


def extras(results: Sequence[CaseResult]) -> list[str]:
    """Return the lines listing other medians (bytes-only floor, stream sizes)."""
    lines = [f"- {result.title}: {key} = {number(value)}" for result in results for key, value in result.extra.items()]
    if not lines:
        return []
    intro = "Also measured (`floor`: plain `httpx` reading the same bytes unparsed, i.e. server + transport):"
    return ["", intro, "", *lines]


def write_markdown(path: Path, results: Sequence[CaseResult], about: Sequence[str]) -> None:
    """Write the table, the extra medians and the run description to ``path``."""
    note = (
        "Medians, with the fastest and slowest sample under each; `limit` is the thinnest honest LangChain integration."
    )
    lines = ["# Benchmark results", "", note, "", *markdown_table([row(r) for r in results], HEADER), *extras(results)]
    lines += ["", "## This run", "", *(f"- {line}" for line in about), ""]
    path.write_text("\n".join(lines), encoding="utf-8")
