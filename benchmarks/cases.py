"""The cases that call the server: each runs every contender round by round and returns one row."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

from benchmarks import catalog
from benchmarks.bench_responder import bench_text
from benchmarks.config import Sizes
from benchmarks.contenders import CHATOPENAI, COMPARED, LIMIT, OURS, RAW, Contender
from benchmarks.results import CaseResult, Target, all_of, ratio_at_most, raw_plus_at_most
from benchmarks.timing import Samples, interleave, medians, progress, spreads, timed

MS = 1_000.0
STREAM_TARGET = all_of(ratio_at_most(LIMIT, 1.3), ratio_at_most(RAW, 0.45))
REASONING_TARGET = ratio_at_most(RAW, 0.45)
"""The limit contender emits nothing for reasoning events, so ours/limit there is the price of
reasoning support rather than overhead: shown, but not a target."""
SHORT = "bench short 0"


def _name(contender: Contender) -> str:
    return contender.name


def _row(label: str, detail: str, samples: Samples, target: Target, unit: str = "ms") -> CaseResult:
    """Build a row from samples in seconds; contenders outside the comparison go to ``extra``."""
    found = medians(samples, MS)
    values = {key: value for key, value in found.items() if key in COMPARED}
    extra = {key: value for key, value in found.items() if key not in COMPARED}
    spread = {key: value for key, value in spreads(samples, MS).items() if key in COMPARED}
    return CaseResult(label, detail, unit, values, target, extra, spread)


class ContentMismatchError(AssertionError):
    """A contender did not receive the whole answer: its timing would compare unequal work."""


def expected_text(prompt: str) -> str:
    """Return the answer text the benchmark responder streams for ``prompt`` (reasoning excluded)."""
    kind, count = prompt.split()[1], int(prompt.split()[2])
    return bench_text(count if kind == "text" else count - count // 2)


def check_text(name: str, prompt: str, received: str) -> None:
    """Fail the round unless ``received`` is the whole expected answer."""
    wanted = expected_text(prompt)
    if received != wanted:
        raise ContentMismatchError(f"{name} received {len(received)} characters of the {len(wanted)} sent")


def _count(number: int) -> str:
    return f"{number:,}"


def short_invoke(contenders: Sequence[Contender], sizes: Sizes) -> CaseResult:
    """Case 1: a sync ``invoke`` of a ~20-token answer, per call."""
    progress(f"[1] short invoke: {sizes.invoke_rounds} rounds x {sizes.invokes_per_round} calls")
    batch = sizes.invokes_per_round

    def measure(contender: Contender) -> float:
        return timed(lambda: [contender.invoke(SHORT) for _ in range(batch)]) / batch

    samples = interleave(contenders, sizes.invoke_rounds, measure, name=_name)
    return _row(catalog.SHORT_INVOKE, "per call", samples, ratio_at_most("raw", 0.8))


def _consume(contender: Contender, prompt: str) -> float:
    """Return the wall time to exhaust one stream; the text is checked afterwards, untimed."""
    start = time.perf_counter()
    items = list(contender.stream(prompt))
    elapsed = time.perf_counter() - start
    _check_items(contender, prompt, items)
    return elapsed


def _check_items(contender: Contender, prompt: str, items: list[object]) -> None:
    texts = [contender.text_of(item) for item in items]
    if None in texts:
        return  # the bytes-only floor parses nothing
    check_text(contender.name, prompt, "".join(text for text in texts if text))


def stream_consumption(contenders: Sequence[Contender], sizes: Sizes, kind: str) -> CaseResult:
    """Case 2: wall time to exhaust a ``text`` or ``reasoning`` stream of ``stream_deltas`` deltas."""
    label = catalog.TEXT_STREAM if kind == "text" else catalog.REASONING_STREAM
    progress(f"[2] {label}: {sizes.stream_rounds} rounds of {sizes.stream_deltas} deltas")
    prompt = f"bench {kind} {sizes.stream_deltas}"
    samples = interleave(contenders, sizes.stream_rounds, lambda c: _consume(c, prompt), name=_name)
    target = STREAM_TARGET if kind == "text" else REASONING_TARGET
    return _row(label, f"{_count(sizes.stream_deltas)} deltas", samples, target)


async def _aconsume(contender: Contender, prompt: str) -> float:
    start = time.perf_counter()
    items = [item async for item in await contender.astream(prompt)]
    elapsed = time.perf_counter() - start
    _check_items(contender, prompt, items)
    return elapsed


def astream_consumption(contenders: Sequence[Contender], sizes: Sizes, runner: asyncio.Runner) -> CaseResult:
    """Case 2, async: wall time to exhaust a text stream with ``astream``."""
    progress(f"[2] text astream: {sizes.stream_rounds} rounds of {sizes.stream_deltas} deltas")
    prompt = f"bench text {sizes.stream_deltas}"

    def measure(contender: Contender) -> float:
        return runner.run(_aconsume(contender, prompt))

    samples = interleave(contenders, sizes.stream_rounds, measure, name=_name)
    return _row(catalog.TEXT_ASTREAM, f"{_count(sizes.stream_deltas)} deltas", samples, STREAM_TARGET)


async def _gather(contender: Contender, count: int) -> float:
    start = time.perf_counter()
    await asyncio.gather(*(contender.ainvoke(SHORT) for _ in range(count)))
    return time.perf_counter() - start


def concurrent_ainvoke(contenders: Sequence[Contender], sizes: Sizes, runner: asyncio.Runner) -> CaseResult:
    """Case 3: wall time of ``concurrency`` short ``ainvoke`` calls under ``asyncio.gather``."""
    progress(f"[3] concurrent ainvoke: {sizes.concurrent_rounds} rounds of {sizes.concurrency}")

    def measure(contender: Contender) -> float:
        return runner.run(_gather(contender, sizes.concurrency))

    samples = interleave(contenders, sizes.concurrent_rounds, measure, name=_name)
    detail = f"{sizes.concurrency} at once, wall"
    return _row(catalog.CONCURRENT, detail, samples, ratio_at_most("raw", 1.1))


def _first_chunk(contender: Contender, prompt: str) -> float:
    """Return the time to the first item carrying answer text; the rest is drained untimed."""
    start = time.perf_counter()
    items = contender.stream(prompt)
    elapsed = float("nan")
    for item in items:
        if contender.is_content(item):
            elapsed = time.perf_counter() - start
            break
    for _ in items:
        pass
    return elapsed


def time_to_first_chunk(contenders: Sequence[Contender], sizes: Sizes) -> CaseResult:
    """Case 4: from the ``stream`` call to the first text-bearing chunk (raw: first text delta event)."""
    progress(f"[4] time to first chunk: {sizes.ttfc_rounds} rounds x {sizes.ttfc_per_round} streams")

    def measure(contender: Contender) -> list[float]:
        return [_first_chunk(contender, "bench text 20") for _ in range(sizes.ttfc_per_round)]

    samples = interleave(contenders, sizes.ttfc_rounds, measure, name=_name)
    return _row(catalog.FIRST_CHUNK, "median stream", samples, raw_plus_at_most(0.2))


def construction(contenders: Sequence[Contender], sizes: Sizes) -> CaseResult:
    """Case 6: constructing a chat model, like for like (both lazy; the raw SDK's client is eager, so left out)."""
    progress(f"[6] construction: {sizes.construction_rounds} rounds x {sizes.constructions_per_round}")

    def measure(contender: Contender) -> list[float]:
        return [timed(contender.build) for _ in range(sizes.constructions_per_round)]

    models = [contender for contender in contenders if contender.name in {OURS, CHATOPENAI}]
    samples = interleave(models, sizes.construction_rounds, measure, name=_name)
    return _row(catalog.CONSTRUCTION, "median", samples, ratio_at_most(CHATOPENAI, 1.0))
