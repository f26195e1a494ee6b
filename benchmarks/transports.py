"""Many connections: concurrent ``ainvoke`` with the default transport and with an aiohttp-backed one.

    uv run --group bench python -m benchmarks.transports [ROUNDS]

The emulator runs in its own process. Each round runs 200 and then 1,000 concurrent short
``ainvoke`` calls through ``ChatOpenRouterResponses`` with the SDK's default async client
(httpx2), then the same through ``http_async_client=httpx_aiohttp.HttpxAiohttpClient()``,
alternating which goes first. Prints the median wall time of each, with the min-max range.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from typing import Any

from benchmarks.server import API_KEY, emulator_process
from langchain_openrouter_responses import ChatOpenRouterResponses

MODEL = "openai/gpt-4o-mini"
SIZES = (200, 1_000)


def models(url: str) -> dict[str, ChatOpenRouterResponses]:
    """The two contenders: same model and settings, different async HTTP clients."""
    from httpx_aiohttp import HttpxAiohttpClient  # noqa: PLC0415 - bench group only

    common: dict[str, Any] = {"model": MODEL, "base_url": url, "api_key": API_KEY, "max_retries": 0}
    return {
        "httpx2 (default)": ChatOpenRouterResponses(**common, max_connections=1_000),
        "aiohttp": ChatOpenRouterResponses(**common, http_async_client=HttpxAiohttpClient(timeout=600)),
    }


async def wall(llm: ChatOpenRouterResponses, count: int) -> float:
    """Seconds for ``count`` concurrent short ``ainvoke`` calls."""
    start = time.perf_counter()
    replies = await asyncio.gather(*(llm.ainvoke("bench short 0") for _ in range(count)))
    elapsed = time.perf_counter() - start
    assert all(reply.text for reply in replies)
    return elapsed


async def measure(url: str, rounds: int) -> dict[tuple[str, int], list[float]]:
    """Run every (transport, size) once per round after one warm-up round."""
    contenders = models(url)
    samples: dict[tuple[str, int], list[float]] = {(name, size): [] for name in contenders for size in SIZES}
    try:
        for index in range(rounds + 1):
            order = list(contenders.items()) if index % 2 else list(reversed(contenders.items()))
            for name, llm in order:
                for size in SIZES:
                    seconds = await wall(llm, size)
                    if index:
                        samples[(name, size)].append(seconds)
    finally:
        await contenders["aiohttp"].http_async_client.aclose()
    return samples


def main(rounds: int = 7) -> None:
    """Print median wall times (ms) per transport and size."""
    with emulator_process() as url:
        samples = asyncio.run(measure(url, rounds))
    for (name, size), values in samples.items():
        median, low, high = statistics.median(values) * 1e3, min(values) * 1e3, max(values) * 1e3
        print(f"{name:18s} {size:5,d} concurrent ainvoke: median {median:7.0f} ms ({low:.0f} to {high:.0f})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
