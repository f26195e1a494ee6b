"""Retry hints read from OpenRouter's error bodies (pure functions)."""

from __future__ import annotations

import json

import pytest

from langchain_openrouter_responses._transport.retry import RetryHint, hinted_delay, retry_hint


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"error": {"code": 429, "metadata": {"retry_after_seconds": 17}}}, RetryHint(17.0, None)),
        ({"error": {"availability": {"retryable": True, "retry_after": 40}}}, RetryHint(40.0, True)),
        ({"error": {"availability": {"retryable": False}}}, RetryHint(None, False)),
        (
            {"error": {"availability": {"retry_after": 3}, "metadata": {"retry_after_seconds": 5.5}}},
            RetryHint(5.5, None),
        ),
        ({"error": {"metadata": {"retry_after_seconds": "17"}}}, RetryHint()),
        ({"error": {"metadata": {"retry_after_seconds": -1}}}, RetryHint()),
        ({"error": {"availability": {"retry_after": True, "retryable": "no"}}}, RetryHint()),
        ({"error": "flat"}, RetryHint()),
        ([1, 2], RetryHint()),
    ],
)
def test_retry_hint_reads_both_places(body: object, expected: RetryHint) -> None:
    assert retry_hint(json.dumps(body).encode()) == expected


@pytest.mark.parametrize("body", [b"", b"<html>502</html>", b"\xff\xfe"])
def test_bodies_that_are_not_json_carry_no_hint(body: bytes) -> None:
    assert retry_hint(body) == RetryHint()


def test_hinted_delay_waits_at_least_the_hint_and_at_most_the_timeout() -> None:
    assert hinted_delay(0.4, RetryHint(2.0), None) == 2.0
    assert hinted_delay(3.0, RetryHint(2.0), None) == 3.0
    assert hinted_delay(0.4, RetryHint(40.0), 10.0) == 10.0
    assert hinted_delay(0.4, RetryHint(), 10.0) == 0.4
