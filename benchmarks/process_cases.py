"""Cases measured on a whole process: import, cold start and stream growth in fresh interpreters; RSS growth."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

from benchmarks import catalog
from benchmarks.config import Sizes
from benchmarks.contenders import CHATOPENAI, COMPARED, LIMIT, OURS, RAW, Contender
from benchmarks.results import CaseResult, Target, ratio_at_most, value_below
from benchmarks.server import warm_prerendered
from benchmarks.timing import interleave, medians, progress, spreads

MODULES = {OURS: "langchain_openrouter_responses", CHATOPENAI: "langchain_openai", RAW: "openai"}
CHILD = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
MB = 1024 * 1024


def import_seconds(module: str) -> float | None:
    """Return the time ``import module`` takes in a fresh interpreter (None if it fails).

    The child may write bytecode caches even where ``PYTHONDONTWRITEBYTECODE`` is set, so
    after the warm-up run it imports from ``.pyc`` files, as installed packages do.
    """
    command = [sys.executable, "-c", CHILD.format(module=module)]
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    return float(done.stdout) if done.returncode == 0 else None


def import_time(sizes: Sizes) -> CaseResult:
    """Case 5: ``import`` of each contender's package, timed inside a fresh process; raw is ``openai``."""
    progress(f"[5] import: {sizes.import_runs} fresh processes per package")
    names = list(MODULES)

    def measure(name: str) -> list[float]:
        seconds = import_seconds(MODULES[name])
        return [] if seconds is None else [seconds]

    values = medians(interleave(names, sizes.import_runs, measure, name=str), 1_000.0)
    return CaseResult(catalog.IMPORT, "raw = import openai", "ms", values, ratio_at_most(CHATOPENAI, 0.8))


def current_rss() -> int | None:
    """Resident set size of this process in bytes (psutil, else /proc; None if neither works)."""
    try:
        import psutil  # type: ignore[import-untyped,unused-ignore]  # noqa: PLC0415 - optional dependency
    except ImportError:
        statm = Path("/proc/self/statm")
        if not statm.exists():
            return None
        return int(statm.read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    return int(psutil.Process().memory_info().rss)


def rss_growth(contender: Contender, sizes: Sizes) -> CaseResult:
    """Case 8: RSS after ``rss_invokes`` short invokes minus RSS before them (after a warm-up)."""
    progress(f"[8] RSS growth: {sizes.rss_warmup} warm-up + {sizes.rss_invokes} invokes")
    for _ in range(sizes.rss_warmup):
        contender.invoke("bench short 0")
    gc.collect()
    before = current_rss()
    for done in range(1, sizes.rss_invokes + 1):
        contender.invoke("bench short 0")
        if done % 2_000 == 0:
            progress(f"    {done} invokes")
    gc.collect()
    after = current_rss()
    if before is None or after is None:
        values, extra = {}, {}
    else:
        values = {contender.name: (after - before) / MB}
        extra = {"ours, RSS before (MB)": before / MB, "ours, RSS after (MB)": after / MB}
    detail = f"{sizes.rss_invokes:,} invokes"
    return CaseResult(catalog.RSS, detail, "MB", values, value_below(5, inclusive=False), extra)


def child_seconds(*arguments: str) -> float | None:
    """Run ``python -m benchmarks.fresh_child ARGUMENTS`` and return the seconds it prints (None on failure)."""
    command = [sys.executable, "-m", "benchmarks.fresh_child", *arguments]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    if done.returncode != 0:
        progress(f"    {' '.join(arguments[:2])} failed: {done.stderr.strip()[-300:]}")
        return None
    return float(done.stdout)


def _installed(names: list[str]) -> list[str]:
    import importlib.util  # noqa: PLC0415

    return [name for name in names if name != CHATOPENAI or importlib.util.find_spec("langchain_openai")]


def cold_start(url: str, sizes: Sizes) -> CaseResult:
    """Import, construct and first answer, each contender in fresh processes (raw: the openai SDK)."""
    progress(f"[9] cold start: {sizes.import_runs} fresh processes per contender")
    names = _installed(list(COMPARED))

    def measure(name: str) -> list[float]:
        seconds = child_seconds("cold", name, url)
        return [] if seconds is None else [seconds]

    samples = interleave(names, sizes.import_runs, measure, name=str, warmup=sizes.process_warmup)
    values, spread = medians(samples, 1_000.0), spreads(samples, 1_000.0)
    target = ratio_at_most(CHATOPENAI, 0.75)
    return CaseResult(catalog.COLD_START, "import + construct + first answer", "ms", values, target, {}, spread)


def stream_growth(url: str, sizes: Sizes) -> CaseResult:
    """Time for a large pre-rendered stream over a small one, per contender, each size in a fresh process."""
    small, large = sizes.linear_small, sizes.linear_large
    progress(f"[7] stream time growth: {sizes.linear_rounds} rounds of {small:,} and {large:,} deltas, fresh processes")
    names = _installed(list(COMPARED))
    warm_prerendered(url, 200, small, large)
    runs = [(name, deltas) for name in names for deltas in (small, large)]

    def measure(run: tuple[str, int]) -> list[float]:
        seconds = child_seconds("stream", run[0], url, str(run[1]))
        return [] if seconds is None else [seconds]

    samples = interleave(runs, sizes.linear_rounds, measure, name=lambda run: f"{run[0]}:{run[1]}", warmup=0)
    times = medians(samples, 1_000.0)
    values = {
        name: times[f"{name}:{large}"] / times[f"{name}:{small}"]
        for name in names
        if f"{name}:{small}" in times and f"{name}:{large}" in times
    }
    extra = {f"{key.replace(':', ', ')} deltas (ms)": value for key, value in times.items()}
    detail = f"{large:,} / {small:,} deltas, pre-rendered"
    return CaseResult(catalog.LINEAR, detail, "ratio", values, _as_linear_as(LIMIT, 1.1), extra)


def _as_linear_as(versus: str, slack: float) -> Target:
    def check(result: CaseResult) -> bool | None:
        ratio = result.ratio(OURS, versus)
        return None if ratio is None else ratio <= slack

    return Target(f"ours' growth ≤ {slack:g}x {versus}'s", check)
