"""`openai` clients that also honour the retry hints OpenRouter puts in error bodies.

OpenRouter's 429 and 503 bodies say how long to wait (`error.availability.retry_after`,
`error.metadata.retry_after_seconds`) even when no `Retry-After` header is sent, and
`availability.retryable: false` says not to retry at all. The SDK only reads headers,
so these clients read the (small) body of a retryable error first: a retry then waits
at least the hinted time, capped by the client's timeout, and a non-retryable error is
raised at once. They also build their `/responses` requests from cached templates
(`templates.py`).
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from typing import Any, NamedTuple

import openai

from langchain_openrouter_responses._transport.templates import TemplatedRequests

_HINT_KEY = "openrouter_retry_hint"
_RETRYABLE_STATUSES = frozenset({408, 409, 429})
_FIRST_SERVER_STATUS = 500


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
        return _hint_of(response).retryable is not False and super()._should_retry(response)

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
        return _hint_of(response).retryable is not False and super()._should_retry(response)

    async def _sleep_for_retry(self, *, retries_taken: int, max_retries: int, options: Any, response: Any) -> None:
        hint = _hint_of(response)
        if hint.delay is None:
            await super()._sleep_for_retry(
                retries_taken=retries_taken, max_retries=max_retries, options=options, response=response
            )
            return
        backoff = self._calculate_retry_timeout(max_retries - retries_taken, options, response.headers)
        await asyncio.sleep(hinted_delay(backoff, hint, _timeout_seconds(self.timeout)))
