"""Where a contender spends its time consuming streams: cProfile, top functions by own time.

Usage::

    uv run --group bench python -m benchmarks.profile_stream --deltas 2000 --repeat 20
    uv run --group bench python -m benchmarks.profile_stream --contender raw --kind reasoning
    uv run --group bench --with pyinstrument python -m pyinstrument -m benchmarks.profile_stream --plain
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from collections.abc import Sequence

from benchmarks.contenders import OURS, Contender, all_contenders
from benchmarks.server import API_KEY, emulator_process


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile_stream", description=__doc__.splitlines()[0])
    parser.add_argument("--contender", default=OURS, help="ours, chatopenai or raw (default: %(default)s)")
    parser.add_argument("--kind", default="text", choices=("text", "reasoning"), help="stream kind")
    parser.add_argument("--deltas", type=int, default=2_000, help="deltas per stream")
    parser.add_argument("--repeat", type=int, default=20, help="streams profiled")
    parser.add_argument("--top", type=int, default=15, help="functions listed")
    parser.add_argument("--plain", action="store_true", help="no cProfile (run under an outside profiler)")
    return parser.parse_args(argv)


def consume(contender: Contender, prompt: str, repeat: int) -> None:
    """Exhaust ``repeat`` streams."""
    for _ in range(repeat):
        for _ in contender.stream(prompt):
            pass


def main(argv: Sequence[str] | None = None) -> int:
    """Profile ``--repeat`` streams after one warm-up stream; print the top functions by own time.

    Returns:
        The exit status.
    """
    args = parse_args(argv)
    prompt = f"bench {args.kind} {args.deltas}"
    profiler = cProfile.Profile()
    with emulator_process() as url:
        found = {contender.name: contender for contender in all_contenders(url, API_KEY)}
        contender = found[args.contender]
        consume(contender, prompt, 1)
        if args.plain:
            consume(contender, prompt, args.repeat)
            return 0
        profiler.runcall(consume, contender, prompt, args.repeat)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats(pstats.SortKey.TIME).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
