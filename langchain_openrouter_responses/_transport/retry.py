"""`openai` clients that also honour the retry hints OpenRouter puts in error bodies.

OpenRouter's 429 and 503 bodies say how long to wait (`error.availability.retry_after`,
`error.metadata.retry_after_seconds`) even when no `Retry-After` header is sent, and
`availability.retryable: false` says not to retry at all. The SDK only reads headers,
so these clients read the (small) body of a retryable error first: a retry then waits
at least the hinted time, capped by the client's timeout, and a non-retryable error is
raised at once. They also build their `/responses` requests from cached templates
(`templates.py`).

One rule covers every hint, header or body: a wait longer than `MAX_HINTED_WAIT` is not
waited for (the error is raised at once, its `retry_after` saying how long to wait), and
the error's `retry_after` is the longest hint sent (`longest_hint`).
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import math
import time
from collections.abc import Mapping
from typing import Any, NamedTuple

import openai

from langchain_openrouter_responses._transport.templates import TemplatedRequests

_HINT_KEY = "openrouter_retry_hint"
_RETRYABLE_STATUSES = frozenset({408, 409, 429})
_FIRST_SERVER_STATUS = 500

MAX_HINTED_WAIT = 120.0
"""Longest hinted wait, in seconds, a retry waits for; the `openai` SDK's cap for `Retry-After`."""


class RetryHint(NamedTuple):
    """What an error body says about retrying."""

    delay: float | None = None
    """Seconds to wait before retrying, if the body names any."""
    retryable: bool | None = None
    """`availability.retryable`, if sent."""


def retry_hint(body: bytes) -> RetryHint:
    """Read OpenRouter's retry hints from an error body.

    Args:
        body: The response body (JSON, or anything else, which carries no hint).

    Returns:
        The longest delay named by `availability.retry_after` and
        `metadata.retry_after_seconds`, and `availability.retryable`.
    """
    try:
        envelope = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return RetryHint()
    error = _dict(_dict(envelope).get("error"))
    availability = _dict(error.get("availability"))
    metadata = _dict(error.get("metadata"))
    delays = [
        delay
        for delay in (availability.get("retry_after"), metadata.get("retry_after_seconds"))
        if isinstance(delay, int | float) and not isinstance(delay, bool) and math.isfinite(delay) and delay >= 0
    ]
    retryable = availability.get("retryable")
    return RetryHint(float(max(delays)) if delays else None, retryable if isinstance(retryable, bool) else None)


def header_delay(headers: Mapping[str, str]) -> float | None:
    """Read the delay the `Retry-After-Ms` or `Retry-After` header asks for, as the SDK does.

    Args:
        headers: The response headers (case-insensitive, as `httpx` gives them).

    Returns:
        Seconds from `Retry-After-Ms`, else from `Retry-After` (seconds or an HTTP
        date), or None when neither is readable.
    """
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        delay = _seconds(headers.get(name))
        if delay is not None:
            return delay / divisor
    return _seconds_until(headers.get("retry-after"))


def longest_hint(headers: Mapping[str, str], hint: RetryHint) -> float | None:
    """The longest wait OpenRouter asked for, in the headers or in the error body.

    Args:
        headers: The response headers.
        hint: What the body said (`retry_hint`).

    Returns:
        Seconds, or None when no hint was sent.
    """
    hints = [delay for delay in (header_delay(headers), hint.delay) if delay is not None]
    return max(hints) if hints else None


def too_long_to_wait(delay: float | None) -> bool:
    """Whether a hinted wait is over `MAX_HINTED_WAIT`, so the error is raised instead of retried.

    Args:
        delay: The hinted wait in seconds (None: no hint).
    """
    return delay is not None and delay > MAX_HINTED_WAIT


def hinted_delay(backoff: float, hint: RetryHint, timeout: float | None) -> float:
    """How long to wait before a retry.

    Args:
        backoff: The SDK's delay (from `Retry-After` or its exponential backoff).
        hint: What the body said.
        timeout: The call's timeout in seconds, which caps the wait (None: no cap).

    Returns:
        At least the hinted delay, at most the timeout.
    """
    delay = max(backoff, hint.delay or 0.0)
    return min(delay, timeout) if timeout is not None else delay


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _seconds(value: str | None) -> float | None:
    try:
        delay = float(value) if value is not None else None
    except ValueError:
        return None
    return delay if delay is not None and not math.isnan(delay) else None


def _seconds_until(value: str | None) -> float | None:
    try:
        moment = email.utils.parsedate_tz(value) if value else None
        return max(0.0, email.utils.mktime_tz(moment) - time.time()) if moment else None  # a past date: now
    except (TypeError, ValueError, OverflowError):
        return None


def _worth_retrying(response: Any) -> bool:
    """OpenRouter's own verdict on a retry: not when the body says so, nor when a hint is too long."""
    hint = _hint_of(response)
    return hint.retryable is not False and not too_long_to_wait(longest_hint(response.headers, hint))


def _may_be_retried(status: int) -> bool:
    return status in _RETRYABLE_STATUSES or status >= _FIRST_SERVER_STATUS


def _hint_of(response: Any) -> RetryHint:
    hint = getattr(response, "extensions", {}).get(_HINT_KEY) if response is not None else None
    return hint if isinstance(hint, RetryHint) else RetryHint()


def _timeout_seconds(timeout: Any) -> float | None:
    if isinstance(timeout, int | float):
        return float(timeout)
    read = getattr(timeout, "read", None)  # an httpx Timeout: the longest wait it allows for an answer
    return float(read) if isinstance(read, int | float) else None


class OpenRouterOpenAI(TemplatedRequests, openai.OpenAI):
    """`openai.OpenAI` that honours OpenRouter's retry hints in error bodies."""

    def _send_request(self, request: Any, *, stream: bool, **kwargs: Any) -> Any:
        response = super()._send_request(request, stream=stream, **kwargs)
        if _may_be_retried(response.status_code):
            response.read()
            response.extensions[_HINT_KEY] = retry_hint(response.content)
        return response

    def _should_retry(self, response: Any) -> bool:
        return _worth_retrying(response) and super()._should_retry(response)

    def _sleep_for_retry(self, *, retries_taken: int, max_retries: int, options: Any, response: Any) -> None:
        hint = _hint_of(response)
        if hint.delay is None:
            super()._sleep_for_retry(
                retries_taken=retries_taken, max_retries=max_retries, options=options, response=response
            )
            return
        backoff = self._calculate_retry_timeout(max_retries - retries_taken, options, response.headers)
        time.sleep(hinted_delay(backoff, hint, _timeout_seconds(self.timeout)))


class OpenRouterAsyncOpenAI(TemplatedRequests, openai.AsyncOpenAI):
    """`openai.AsyncOpenAI` that honours OpenRouter's retry hints in error bodies."""

    async def _send_request(self, request: Any, *, stream: bool, **kwargs: Any) -> Any:
        response = await super()._send_request(request, stream=stream, **kwargs)
        if _may_be_retried(response.status_code):
            await response.aread()
            response.extensions[_HINT_KEY] = retry_hint(response.content)
        return response

    def _should_retry(self, response: Any) -> bool:
        return _worth_retrying(response) and super()._should_retry(response)

    async def _sleep_for_retry(self, *, retries_taken: int, max_retries: int, options: Any, response: Any) -> None:
        hint = _hint_of(response)
        if hint.delay is None:
            await super()._sleep_for_retry(
                retries_taken=retries_taken, max_retries=max_retries, options=options, response=response
            )
            return
        backoff = self._calculate_retry_timeout(max_retries - retries_taken, options, response.headers)
        await asyncio.sleep(hinted_delay(backoff, hint, _timeout_seconds(self.timeout)))
