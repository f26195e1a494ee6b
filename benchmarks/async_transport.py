"""Many calls at once: the package with the `aiohttp` extra (default settings) against the raw SDK.

    uv run python -m benchmarks.async_transport [ROUNDS] [--out FOLDER]

The emulator runs in its own process. Each round runs, for every contender in a rotating order,
1,000 and 200 concurrent short ``ainvoke`` calls and 1,000 concurrent short ``astream`` calls
(every chunk consumed). Contenders:

- ``ours``: ``ChatOpenRouterResponses`` with default settings; with aiohttp installed (the
  ``aiohttp`` extra, or the dev group) its async calls run on the SDK's ``DefaultAioHttpClient``;
- ``ours, httpx``: the same with ``http_async_transport="httpx"``, for the transport's share;
- ``raw``: ``openai.AsyncOpenAI`` with its default async client (httpx2), every event iterated.

Every contender gets ``timeout=600`` (the SDK's read timeout; it also lifts the 5 s connect timeout,
which 1,000 connections opened at once can exceed on a busy machine) and no retries.

The ratio of a round is ours / raw in that round (paired); the table gives the median wall time
with its range, and the median ratio with its range. Load averages are printed with the table:
the machine is shared, so they say how quiet it was. Writes ``async_transport.md`` into the
output folder (default ``benchmarks/results``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openai

from benchmarks.server import API_KEY, emulator_process
from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses._transport.clients import aiohttp_installed

MODEL = "openai/gpt-4o-mini"
PROMPT = "bench short 0"
CASES = (("ainvoke", 1_000), ("ainvoke", 200), ("astream", 1_000))
TARGETS = {("ainvoke", 1_000): 0.4, ("ainvoke", 200): 0.6}
RESULTS = Path(__file__).parent / "results"
TIMEOUT = 600.0

Call = Callable[[str], Awaitable[Any]]


def ours(llm: ChatOpenRouterResponses) -> dict[str, Call]:
    async def ainvoke(prompt: str) -> Any:
        return (await llm.ainvoke(prompt)).text

    async def astream(prompt: str) -> Any:
        return [chunk async for chunk in llm.astream(prompt)]

    return {"ainvoke": ainvoke, "astream": astream}


def raw(client: openai.AsyncOpenAI) -> dict[str, Call]:
    async def ainvoke(prompt: str) -> Any:
        return (await client.responses.create(model=MODEL, input=prompt)).output_text

    async def astream(prompt: str) -> Any:
        return [event async for event in await client.responses.create(model=MODEL, input=prompt, stream=True)]

    return {"ainvoke": ainvoke, "astream": astream}


async def wall(call: Call, count: int) -> float:
    """Seconds for ``count`` concurrent calls, each of which must return something."""
    start = time.perf_counter()
    results = await asyncio.gather(*(call(PROMPT) for _ in range(count)))
    elapsed = time.perf_counter() - start
    assert all(results)
    return elapsed


async def measure(url: str, rounds: int) -> dict[tuple[str, str, int], list[float]]:
    """Every (contender, case) once per round, after one warm-up round; the order rotates per round."""
    # One generous timeout for all: 1,000 connections opened at once can take longer than the SDK's
    # 5 s connect timeout on a busy machine, and a timed-out call would end the run.
    common: dict[str, Any] = {"model": MODEL, "base_url": url, "api_key": API_KEY, "max_retries": 0, "timeout": TIMEOUT}
    client = openai.AsyncOpenAI(api_key=API_KEY, base_url=url, max_retries=0, timeout=TIMEOUT)
    contenders = {
        "ours": ours(ChatOpenRouterResponses(**common)),
        "ours, httpx": ours(ChatOpenRouterResponses(**common, http_async_transport="httpx")),
        "raw": raw(client),
    }
    names = list(contenders)
    samples: dict[tuple[str, str, int], list[float]] = {}
    try:
        for index in range(rounds + 1):
            order = names[index % len(names) :] + names[: index % len(names)]
            for kind, count in CASES:
                for name in order:
                    seconds = await wall(contenders[name][kind], count)
                    if index:
                        samples.setdefault((name, kind, count), []).append(seconds)
    finally:
        await client.close()
    return samples


def spread(values: list[float], scale: float = 1.0, digits: int = 0, unit: str = "") -> str:
    """The median, with the range below it."""
    median, low, high = (f"{value * scale:,.{digits}f}{unit}" for value in (statistics.median(values), *minmax(values)))
    return f"{median}<br><small>{low} to {high}</small>"


def minmax(values: list[float]) -> tuple[float, float]:
    return min(values), max(values)


def table(samples: dict[tuple[str, str, int], list[float]]) -> str:
    lines = [
        "| case | ours (ms) | ours, httpx (ms) | raw SDK (ms) | ours / raw | ours, httpx / raw | target: met? |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, count in CASES:
        ours_s, httpx_s, raw_s = (samples[(name, kind, count)] for name in ("ours", "ours, httpx", "raw"))
        ratio = [a / b for a, b in zip(ours_s, raw_s, strict=True)]
        httpx_ratio = [a / b for a, b in zip(httpx_s, raw_s, strict=True)]
        target = TARGETS.get((kind, count))
        met = f"ours ≤ {target}x raw: {'yes' if statistics.median(ratio) <= target else 'no'}" if target else "—"
        lines.append(
            f"| {count:,} concurrent `{kind}` | {spread(ours_s, 1e3)} | {spread(httpx_s, 1e3)} | {spread(raw_s, 1e3)} "
            f"| {spread(ratio, digits=2, unit='x')} | {spread(httpx_ratio, digits=2, unit='x')} | {met} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("rounds", nargs="?", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS)
    options = parser.parse_args()
    if not aiohttp_installed():
        raise SystemExit("aiohttp is not installed: install the aiohttp extra (or the dev group) first")
    load_before = os.getloadavg()
    started = time.perf_counter()
    with emulator_process() as url:
        samples = asyncio.run(measure(url, options.rounds))
    minutes = (time.perf_counter() - started) / 60
    load_after = os.getloadavg()
    notes = (
        f"\n{options.rounds} paired rounds after one warm-up, {minutes:.1f} min, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores; load average (1, 5, 15 min) "
        f"{', '.join(f'{value:.1f}' for value in load_before)} before, "
        f"{', '.join(f'{value:.1f}' for value in load_after)} after.\n"
    )
    text = table(samples) + notes
    options.out.mkdir(parents=True, exist_ok=True)
    (options.out / "async_transport.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
