"""Sizes and round counts: the full run (about 5 minutes on 2 cores) and the CI smoke run."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    """How much work each case does.

    Attributes:
        invoke_rounds: Rounds of the short-invoke case.
        invokes_per_round: Calls per contender per round (the sample is the mean per call).
        stream_rounds: Rounds of each stream-consumption case.
        stream_deltas: Deltas per consumed stream.
        concurrent_rounds: Rounds of the concurrent-ainvoke case.
        concurrency: Concurrent ``ainvoke`` calls per round.
        ttfc_rounds: Rounds of the time-to-first-chunk case.
        ttfc_per_round: Streams opened per contender per round.
        import_runs: Fresh processes per import.
        construction_rounds: Rounds of the construction case.
        constructions_per_round: Constructions per contender per round (each one a sample).
        linear_rounds: Rounds of the linear-growth case.
        linear_small: Deltas of the small stream.
        linear_large: Deltas of the large stream.
        rss_warmup: Invokes before the first RSS reading.
        rss_invokes: Invokes between the two RSS readings.
        process_warmup: Unrecorded fresh-process runs before the cold-start samples.
    """

    invoke_rounds: int = 20
    invokes_per_round: int = 50
    stream_rounds: int = 20
    stream_deltas: int = 2_000
    concurrent_rounds: int = 15
    concurrency: int = 200
    ttfc_rounds: int = 15
    ttfc_per_round: int = 20
    import_runs: int = 7
    construction_rounds: int = 10
    constructions_per_round: int = 30
    linear_rounds: int = 5
    linear_small: int = 5_000
    linear_large: int = 50_000
    rss_warmup: int = 200
    rss_invokes: int = 10_000
    process_warmup: int = 1


FULL = Sizes()
SMOKE = Sizes(
    invoke_rounds=3,
    invokes_per_round=5,
    stream_rounds=3,
    stream_deltas=200,
    concurrent_rounds=3,
    concurrency=20,
    ttfc_rounds=3,
    ttfc_per_round=3,
    import_runs=1,
    construction_rounds=3,
    constructions_per_round=10,
    linear_rounds=1,
    linear_small=200,
    linear_large=2_000,
    rss_warmup=20,
    rss_invokes=300,
    process_warmup=0,
)
