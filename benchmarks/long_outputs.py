"""Long answers: time to consume 5,000 to 262,144-delta streams (1 MiB of text), each in a fresh process.

    uv run --group bench python -m benchmarks.long_outputs [--limit SECONDS]

Pre-rendered replies are served from memory by the benchmark responder, so the numbers are the
client's. A run that takes longer than ``--limit`` seconds is stopped and reported as such.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from benchmarks.server import emulator_process, warm_prerendered

SIZES = (5_000, 50_000, 200_000, 262_144)
CONTENDERS = ("ours", "ours-coalesced", "limit", "chatopenai", "raw")


def run(name: str, url: str, deltas: int, limit: float) -> str:
    """Return the seconds one fresh process takes for one stream, or why it has none."""
    command = [sys.executable, "-m", "benchmarks.fresh_child", "stream", name, url, str(deltas)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        return f"> {limit:.0f} s"
    return f"{float(done.stdout):.2f} s" if done.returncode == 0 else "failed"


def main(argv: list[str] | None = None) -> None:
    """Print a markdown table: one row per contender, one column per size."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.long_outputs")
    parser.add_argument("--limit", type=float, default=300.0, help="seconds before a run is stopped")
    args = parser.parse_args(argv)
    header = ["contender", *(f"{size:,} deltas" for size in SIZES)]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    with emulator_process() as url:
        warm_prerendered(url, 200, *SIZES)
        for name in CONTENDERS:
            cells = [run(name, url, size, args.limit) for size in SIZES]
            print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
