"""Clocks, medians and the round-by-round interleaving every case uses."""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
Samples = dict[str, list[float]]


def progress(message: str) -> None:
    """Report progress on stderr (stdout stays clean)."""
    print(message, file=sys.stderr, flush=True)


def timed(action: Callable[[], object]) -> float:
    """Return the wall time of one call of ``action``, in seconds."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def interleave(
    items: Sequence[T],
    rounds: int,
    measure: Callable[[T], float | list[float]],
    *,
    name: Callable[[T], str],
    warmup: int = 1,
) -> Samples:
    """Measure every item once per round, in the same order each round (A, B, C, A, B, C, ...).

    Args:
        items: What to measure (contenders, or sizes of one contender).
        rounds: Measured rounds.
        measure: Returns one sample (or several) for one item.
        name: The key of an item in the result.
        warmup: Unrecorded rounds run first (connections, lazy imports, caches).

    Returns:
        The samples of each item, by name.
    """
    samples: Samples = {name(item): [] for item in items}
    for index in range(warmup + rounds):
        for item in items:
            # A full collection costs ~0.2 s with every contender loaded, and lands on whichever
            # sample tips the collector's threshold; with a fixed order that is the same
            # contender round after round. Collecting first (untimed) makes each sample pay only
            # for the collections its own allocations cause.
            gc.collect()
            result = measure(item)
            if index >= warmup:
                samples[name(item)].extend(result if isinstance(result, list) else [result])
    return samples


def medians(samples: Samples, scale: float = 1.0) -> dict[str, float]:
    """Return the median of each item's samples, multiplied by ``scale``."""
    return {key: statistics.median(values) * scale for key, values in samples.items() if values}


def spreads(samples: Samples, scale: float = 1.0) -> dict[str, tuple[float, float]]:
    """Return the (min, max) of each item's samples, multiplied by ``scale``."""
    return {key: (min(values) * scale, max(values) * scale) for key, values in samples.items() if values}
