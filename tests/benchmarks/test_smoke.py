"""The benchmark harness still runs end to end (timings are not checked).

It runs with whatever is installed: without the ``bench`` dependency group there is no
ChatOpenAI column and no chart, and the table must still be written.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.catalog import LABELS

ROOT = Path(__file__).resolve().parents[2]


def installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def table_rows(text: str) -> list[list[str]]:
    lines = [line for line in text.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[1:]]


@pytest.mark.timeout(300)
def test_smoke_run_writes_a_row_per_case(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "benchmarks.run", "--smoke", "--out", str(tmp_path)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=280, check=False)

    assert done.returncode == 0, done.stderr[-3000:]
    rows = table_rows((tmp_path / "results.md").read_text(encoding="utf-8"))
    assert [row[0].split(" (")[0] for row in rows] == list(LABELS)
    assert all(len(row) == 9 for row in rows)
    assert all(row[1] != "—" for row in rows), "every case measures ours"
    by_case = {row[0].split(" (")[0]: row for row in rows}
    for case in (
        "text stream",
        "reasoning + text stream",
        "text astream",
        "stream time growth",
        "cold start, fresh process",
    ):
        assert by_case[case][2] != "—", f"the LangChain limit is measured in {case}"
        assert by_case[case][6] != "—", f"ours/raw is reported for {case}"
    assert "<br><small>" in by_case["text stream"][1], "medians come with their spread"
    if installed("langchain_openai"):
        assert rows[0][3] != "—"
    else:
        assert rows[0][3] == "—"
    assert (tmp_path / "chart.png").exists() == installed("matplotlib")
