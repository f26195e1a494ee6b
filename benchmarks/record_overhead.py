"""Time to first chunk through the recording proxy versus a direct call, in the same run.

The upstream emulator and the recording proxy each run in their own process; the client is the
package's chat model streaming a short reply. Rounds alternate direct and proxied calls.

    uv run python -m benchmarks.record_overhead [ROUNDS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

from langchain_openrouter_responses import ChatOpenRouterResponses

API_KEY = "sk-or-emulator"
BANNER = "listening on "


@contextmanager
def serve(*arguments: str) -> Iterator[str]:
    """Run the emulator command line with `arguments`; yield the base URL it announces."""
    command = [sys.executable, "-m", "langchain_openrouter_responses.emulator", "--port", "0", "--quiet", *arguments]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        yield line.split(BANNER, 1)[1].strip()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def first_chunk_ms(llm: ChatOpenRouterResponses) -> float:
    started = time.perf_counter()
    stream = llm.stream("bench text 50")
    first = next(iter(stream))
    elapsed = (time.perf_counter() - started) * 1000
    assert first is not None
    for _ in stream:
        pass
    return elapsed


def main(rounds: int = 200) -> None:
    with (
        serve("--responder", "benchmarks.bench_responder:bench_reply") as upstream,
        tempfile.TemporaryDirectory() as folder,
        serve("--record", folder, "--upstream", upstream) as proxy,
    ):
        direct = ChatOpenRouterResponses(model="openai/gpt-4o-mini", base_url=upstream, api_key=API_KEY)
        proxied = ChatOpenRouterResponses(model="openai/gpt-4o-mini", base_url=proxy, api_key=API_KEY)
        for llm in (direct, proxied):  # warm up connections and imports
            first_chunk_ms(llm)
        timings: dict[str, list[float]] = {"direct": [], "recorded": []}
        for _ in range(rounds):
            timings["direct"].append(first_chunk_ms(direct))
            timings["recorded"].append(first_chunk_ms(proxied))
    report(timings, rounds)


def spread(values: list[float], *, signed: bool = False) -> str:
    """Describe `values` by their median and quartiles (with a sign for differences)."""
    low, median, high = statistics.quantiles(values, n=4)
    form = "+.2f" if signed else ".2f"
    return f"median {median:{form}} ms (p25 {low:{form}}, p75 {high:{form}}, IQR {high - low:.2f})"


def report(timings: dict[str, list[float]], rounds: int) -> None:
    """Print each side's time to first chunk, the overhead on the medians and the paired differences."""
    for name, values in timings.items():
        print(f"{name:9s} first chunk: {spread(values)}")
    overhead = statistics.median(timings["recorded"]) - statistics.median(timings["direct"])
    print(f"recording overhead on the median: {overhead:+.2f} ms over {rounds} paired rounds")
    paired = [recorded - direct for direct, recorded in zip(timings["direct"], timings["recorded"], strict=True)]
    print(f"paired differences (recorded - direct, per round): {spread(paired, signed=True)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
