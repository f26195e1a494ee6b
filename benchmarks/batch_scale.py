"""10,000 prompts at concurrency 256: the batch runner writing OUT durably vs `llm.abatch`.

```bash
uv run python -m benchmarks.batch_scale                 # 10,000 prompts, 256 at once, 2 rounds
uv run python -m benchmarks.batch_scale --prompts 500   # quicker
```

One emulator process (`--responder benchmarks.bench_responder:bench_reply`, `bench short 0`
answers of about 20 tokens) serves both contenders on loopback. Each contender runs in a fresh
process (so its peak RSS is its own), alternating order per round:

- `abatch`: `await llm.abatch(prompts, config={"max_concurrency": 256})`, results kept in memory;
- `batch`: `arun_batch_file(BatchRunner(llm, concurrency=256), IN, OUT)`, every line appended and
  fsynced (group commit) before its prompt counts as done; `--no-fsync` flushes only.

It prints wall time, prompts/s, peak RSS and the overhead per prompt of `batch` over `abatch`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.server import emulator_process


def _child(contender: str, url: str, prompts: int, concurrency: int, folder: str, *, fsync: bool) -> None:
    from langchain_openrouter_responses import ChatOpenRouterResponses  # noqa: PLC0415
    from langchain_openrouter_responses.batch import BatchRunner, arun_batch_file  # noqa: PLC0415

    llm = ChatOpenRouterResponses(base_url=url, api_key="sk-or-emulator", max_connections=concurrency)
    source, output = Path(folder) / "in.jsonl", Path(folder) / f"out-{time.monotonic_ns()}.jsonl"
    texts = [f"bench short {n}" for n in range(prompts)]
    source.write_text("".join(json.dumps({"id": n, "prompt": text}) + "\n" for n, text in enumerate(texts)))

    async def run() -> float:
        await llm.ainvoke("bench short 0")  # warm the client and connection pool
        started = time.perf_counter()
        if contender == "abatch":
            replies = await llm.abatch(texts, config={"max_concurrency": concurrency})
            assert len(replies) == prompts
        else:
            runner = BatchRunner(llm, concurrency=concurrency)
            summary = await arun_batch_file(runner, source, output, fsync=fsync)
            assert summary.answered == prompts, summary
        return time.perf_counter() - started

    wall = asyncio.run(run())
    if contender == "batch":
        assert len(output.read_text().splitlines()) == prompts
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"wall": wall, "rss_mib": peak_kib / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-fsync", action="store_true")
    parser.add_argument("--child", nargs=3, metavar=("CONTENDER", "URL", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        contender, url, folder = args.child
        _child(contender, url, args.prompts, args.concurrency, folder, fsync=not args.no_fsync)
        return
    results: dict[str, list[dict[str, float]]] = {"abatch": [], "batch": []}
    with emulator_process() as url, tempfile.TemporaryDirectory() as folder:
        for round_number in range(args.rounds):
            order = ["abatch", "batch"] if round_number % 2 == 0 else ["batch", "abatch"]
            for contender in order:
                command = [sys.executable, "-m", "benchmarks.batch_scale", "--child", contender, url, folder]
                command += ["--prompts", str(args.prompts), "--concurrency", str(args.concurrency)]
                command += ["--no-fsync"] if args.no_fsync else []
                done = subprocess.run(command, capture_output=True, text=True, check=True)
                results[contender].append(json.loads(done.stdout.strip().splitlines()[-1]))
                print(contender, results[contender][-1], file=sys.stderr)
    print(f"{args.prompts} prompts, concurrency {args.concurrency}, {args.rounds} rounds (median wall)")
    walls = {name: statistics.median(run["wall"] for run in runs) for name, runs in results.items()}
    for name, runs in results.items():
        rss = max(run["rss_mib"] for run in runs)
        print(f"  {name:7s} {walls[name]:7.2f} s  {args.prompts / walls[name]:8.0f} prompts/s  peak RSS {rss:6.0f} MiB")
    overhead = (walls["batch"] - walls["abatch"]) / args.prompts * 1e6
    ratio = walls["batch"] / walls["abatch"]
    print(f"  batch / abatch wall: {ratio:.3f}x (goal <= 1.1x); overhead {overhead:+.0f} us per prompt")


if __name__ == "__main__":
    main()
