"""The agent-cost benchmark runs end to end, and prompt caching more than halves the conversation's cost."""

from __future__ import annotations

import re

import pytest

from benchmarks import agent_cost

SUMMARY = re.compile(
    r"agent cost: cached/uncached (?P<ratio>\d\.\d\d)x \(uncached \$(?P<plain>[\d.]+), cached \$(?P<warm>[\d.]+);"
)


def test_a_short_conversation_prints_a_row_per_turn_and_the_summary_last(capsys: pytest.CaptureFixture[str]) -> None:
    agent_cost.main(["--turns", "4"])
    lines = capsys.readouterr().out.splitlines()
    rows = [line for line in lines if line.startswith("| ")]
    assert [row.split("|")[1].strip() for row in rows[1:]] == ["1", "2", "3", "4", "**total**"]
    assert all(row.split("|")[2].strip() == "3" for row in rows[1:-1]), "three model calls a turn"
    found = SUMMARY.match(lines[-1])
    assert found is not None, lines[-1]
    assert float(found["ratio"]) <= 0.5
    assert float(found["warm"]) < float(found["plain"])


def test_caching_reads_the_history_from_the_second_turn_on() -> None:
    uncached = agent_cost.run_conversation(2, cached=False)
    cached = agent_cost.run_conversation(2, cached=True)
    assert [turn.cached_tokens for turn in uncached] == [0, 0], "Anthropic caches nothing unmarked"
    second = cached[1]
    assert second.cached_tokens > 0.95 * second.prompt_tokens
    assert [turn.prompt_tokens for turn in cached] == [turn.prompt_tokens for turn in uncached]
    assert second.cost < 0.2 * uncached[1].cost
