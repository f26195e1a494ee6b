"""Retry hints read from OpenRouter's error bodies (pure functions)."""

from __future__ import annotations

import email.utils
import json
import time

import httpx
import openai._constants
import pytest

from langchain_openrouter_responses._transport.retry import (
    MAX_HINTED_WAIT,
    RetryHint,
    header_delay,
    hinted_delay,
    longest_hint,
    retry_hint,
    too_long_to_wait,
)


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
        ({"error": {"availability": {"retry_after": 0}}}, RetryHint(0.0, None)),
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


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "17"}, 17.0),
        ({"retry-after": "0.25"}, 0.25),
        ({"Retry-After-Ms": "1500", "Retry-After": "9"}, 1.5),
        ({"Retry-After-Ms": "soon", "Retry-After": "9"}, 9.0),
        ({"Retry-After": "soon"}, None),
        ({"Retry-After": "nan"}, None),
        ({}, None),
    ],
)
def test_header_delay_reads_milliseconds_then_seconds(headers: dict[str, str], expected: float | None) -> None:
    assert header_delay(httpx.Headers(headers)) == expected


def test_a_past_http_date_is_no_wait() -> None:
    a_minute_ago = email.utils.formatdate(time.time() - 60, usegmt=True)
    assert header_delay(httpx.Headers({"Retry-After": a_minute_ago})) == 0.0


def test_header_delay_reads_an_http_date() -> None:
    in_a_minute = email.utils.formatdate(time.time() + 60, usegmt=True)
    delay = header_delay(httpx.Headers({"Retry-After": in_a_minute}))
    assert delay is not None
    assert 58 <= delay <= 61


@pytest.mark.parametrize(
    ("header", "body", "expected"),
    [("7", 3.0, 7.0), ("3", 7.0, 7.0), (None, 4.0, 4.0), ("4", None, 4.0), (None, None, None), ("0", None, 0.0)],
)
def test_longest_hint_is_the_longer_of_header_and_body(
    header: str | None, body: float | None, expected: float | None
) -> None:
    headers = httpx.Headers({} if header is None else {"Retry-After": header})
    assert longest_hint(headers, RetryHint(body)) == expected


def test_the_cap_is_the_sdks_cap_for_retry_after() -> None:
    assert openai._constants.MAX_RETRY_AFTER_DELAY == MAX_HINTED_WAIT == 120.0


@pytest.mark.parametrize(
    ("delay", "expected"),
    [(None, False), (0.0, False), (119.9, False), (120.0, False), (120.01, True), (300.0, True), (float("inf"), True)],
)
def test_too_long_to_wait_is_over_the_cap_only(delay: float | None, expected: bool) -> None:
    assert too_long_to_wait(delay) is expected
