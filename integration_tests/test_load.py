"""Load held: many concurrent async streams through one model instance.

The emulator runs in a separate process, answering with the benchmark responder
(`benchmarks/bench_responder.py`). CI runs a scaled-down load (`LOAD_STREAMS`, default 100); the full
load is one command:

    LOAD_STREAMS=1000 uv run pytest integration_tests/test_load.py -s

which prints throughput and peak RSS.
"""

from __future__ import annotations

import asyncio
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from langchain_openrouter_responses import ChatOpenRouterResponses

STREAMS = int(os.environ.get("LOAD_STREAMS", "100"))
DELTAS = int(os.environ.get("LOAD_DELTAS", "200"))
EXPECTED_LENGTH = 4 * DELTAS


@pytest.fixture(scope="module")
def emulator_process() -> Iterator[str]:
    command = [
        sys.executable,
        "-m",
        "langchain_openrouter_responses.emulator",
        "--port",
        "0",
        "--responder",
        "benchmarks.bench_responder:bench_reply",
        "--quiet",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        yield line.rsplit(" ", 1)[-1].strip()
    finally:
        process.terminate()
        process.communicate(timeout=10)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def one_stream(llm: ChatOpenRouterResponses) -> int:
    length = 0
    async for chunk in llm.astream(f"bench text {DELTAS}"):
        length += len(chunk.text)
    return length


def test_concurrent_streams_complete_correctly(emulator_process: str) -> None:
    llm = ChatOpenRouterResponses(base_url=emulator_process, api_key="sk-or-emulator", max_retries=0, timeout=120)
    rss_before = peak_rss_mib()

    async def run_all() -> list[int | BaseException]:
        return await asyncio.gather(*(one_stream(llm) for _ in range(STREAMS)), return_exceptions=True)

    started = time.perf_counter()
    lengths = asyncio.run(run_all())
    elapsed = time.perf_counter() - started
    errors = [result for result in lengths if isinstance(result, BaseException)]
    assert errors == []
    assert lengths == [EXPECTED_LENGTH] * STREAMS
    growth = peak_rss_mib() - rss_before
    sys.stderr.write(
        f"\nload: {STREAMS} concurrent streams x {DELTAS} deltas in {elapsed:.2f} s = "
        f"{STREAMS * DELTAS / elapsed:,.0f} deltas/s, {STREAMS / elapsed:.1f} streams/s; "
        f"peak RSS {peak_rss_mib():.0f} MiB (+{growth:.0f} MiB)\n"
    )
    assert growth < 50 + STREAMS * 0.5, f"peak RSS grew by {growth:.0f} MiB"
