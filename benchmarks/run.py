"""Run every case against one emulator process and write ``results.md`` and ``chart.png``.

Usage::

    uv run --group bench python -m benchmarks.run            # full run, about 5 minutes
    uv run --group bench python -m benchmarks.run --smoke    # seconds: checks the harness works

Without the ``bench`` group the run still works with the contenders it has (no ChatOpenAI
column, no chart).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from benchmarks import cases, process_cases
from benchmarks.chart import write_chart
from benchmarks.config import FULL, SMOKE, Sizes
from benchmarks.contenders import CHATOPENAI, FloorContender, all_contenders
from benchmarks.report import write_markdown
from benchmarks.results import CaseResult
from benchmarks.server import API_KEY, emulator_process
from benchmarks.timing import progress

RESULTS_DIR = Path(__file__).parent / "results"
PACKAGES = ("langchain-openrouter-responses", "langchain-core", "openai", "httpx", "langchain-openai")
LOCAL_ONLY = {
    "LANGSMITH_TRACING": "false",
    "LANGCHAIN_TRACING_V2": "false",
    "NO_PROXY": "127.0.0.1,localhost",
    "no_proxy": "127.0.0.1,localhost",
}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: check the harness, not the timings")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="output folder (default: %(default)s)")
    return parser.parse_args(argv)


def run_cases(url: str, sizes: Sizes) -> list[CaseResult]:
    """Run every case in table order against the server at ``url``."""
    contenders = all_contenders(url, API_KEY)
    networked = [*contenders, FloorContender(url, API_KEY)]
    ours = contenders[0]
    with asyncio.Runner() as runner:
        return [
            cases.short_invoke(networked, sizes),
            cases.stream_consumption(networked, sizes, "text"),
            cases.stream_consumption(networked, sizes, "reasoning"),
            cases.astream_consumption(networked, sizes, runner),
            cases.concurrent_ainvoke(networked, sizes, runner),
            cases.time_to_first_chunk(networked, sizes),
            process_cases.import_time(sizes),
            process_cases.cold_start(url, sizes),
            cases.construction(contenders, sizes),
            process_cases.stream_growth(url, sizes),
            process_cases.rss_growth(ours, sizes),
        ]


def versions() -> str:
    """Return the installed versions of the packages involved."""
    found = []
    for name in PACKAGES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def describe(sizes: Sizes, seconds: float, results: Sequence[CaseResult]) -> list[str]:
    """Return the lines describing this run."""
    lines = [
        f"mode: {'smoke (tiny sizes, timings meaningless)' if sizes == SMOKE else 'full'}; took {seconds:.0f} s",
        (
            f"{time.strftime('%Y-%m-%d %H:%M')}, Python {platform.python_version()}, {platform.platform()}, "
            f"{os.cpu_count()} CPUs"
        ),
        versions(),
        (
            "contenders interleaved round by round against one emulator process "
            "(`--responder benchmarks.bench_responder:bench_reply --quiet`) on loopback; values are medians"
        ),
        "imports are timed in fresh interpreters with bytecode caches (after one warm-up run per package)",
    ]
    if not any(CHATOPENAI in result.values for result in results):
        lines.append("ChatOpenAI not measured: `langchain_openai` is not installed (`uv run --group bench ...`)")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and write its outputs.

    Returns:
        The exit status.
    """
    args = parse_args(argv)
    sizes = SMOKE if args.smoke else FULL
    os.environ.update(LOCAL_ONLY)
    start = time.perf_counter()
    with emulator_process() as url:
        progress(f"emulator at {url}")
        results = run_cases(url, sizes)
    args.out.mkdir(parents=True, exist_ok=True)
    table = args.out / "results.md"
    write_markdown(table, results, describe(sizes, time.perf_counter() - start, results))
    title = "ChatOpenRouterResponses and ChatOpenAI against the raw openai SDK (median times, loopback)"
    charted = write_chart(args.out / "chart.png", results, title)
    print(table.read_text(encoding="utf-8"))
    progress(f"wrote {table}" + ("" if charted else " (no chart: matplotlib is not installed)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
