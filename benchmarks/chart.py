"""The chart for the docs: ours/raw and chatopenai/raw per case (needs matplotlib)."""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from benchmarks.contenders import CHATOPENAI, LIMIT, OURS, RAW
from benchmarks.results import CaseResult

BAR = 0.27


def chart_available() -> bool:
    """Whether matplotlib is installed."""
    return importlib.util.find_spec("matplotlib") is not None


def write_chart(path: Path, results: Sequence[CaseResult], title: str) -> bool:
    """Draw bars of ours/raw, limit/raw and chatopenai/raw for every case with a raw median.

    Returns:
        Whether the chart was written (False without matplotlib or without data).
    """
    rows = [result for result in results if result.ratio(OURS, RAW) is not None]
    if not chart_available() or not rows:
        return False
    import matplotlib as mpl  # noqa: PLC0415 - optional dependency

    mpl.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415 - after choosing the Agg backend

    figure, axes = plt.subplots(figsize=(10, 0.55 * len(rows) + 1.6))
    positions = range(len(rows))
    for offset, name in ((-BAR, OURS), (0.0, LIMIT), (BAR, CHATOPENAI)):
        ratios = [result.ratio(name, RAW) or 0.0 for result in rows]
        bars = axes.barh([p + offset for p in positions], ratios, height=BAR, label=f"{name} / raw")
        axes.bar_label(bars, fmt="%.2f", fontsize=7, padding=2)
    axes.axvline(1.0, color="grey", linestyle="--", linewidth=1)
    axes.set_yticks(list(positions), [result.title for result in rows], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel("time relative to the raw openai SDK (lower is better; 1 = raw)")
    axes.set_title(title, fontsize=10)
    axes.legend(loc="lower right")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return True
