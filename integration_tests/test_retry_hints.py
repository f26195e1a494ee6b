"""OpenRouter's own retry hints and error types, read from error bodies (reference §5.3-§5.6)."""

from __future__ import annotations

import time
from typing import Any

import openai
import pytest
from langchain_core.exceptions import (
    ContextOverflowError,
    ModelAPIError,
    ModelAuthenticationError,
    ModelRateLimitError,
)

from langchain_openrouter_responses import (
    ChatOpenRouterResponses,
    OpenRouterError,
    OpenRouterResponseError,
    OpenRouterStreamError,
)
from langchain_openrouter_responses.emulator import Emulator, ErrorReply, Reply, text_item

HINT = 1.2
"""Seconds the bodies ask for: well above the SDK's first backoff (at most 0.5 s)."""


def rate_limited_with_metadata_hint() -> ErrorReply:
    metadata = {"raw": "temporarily rate-limited upstream", "provider_name": "Venice", "retry_after_seconds": HINT}
    return ErrorReply(429, {"error": {"message": "Provider returned error", "code": 429, "metadata": metadata}})


def at_capacity_with_availability_hint(*, retryable: bool = True, retry_after: float = HINT) -> ErrorReply:
    availability = {
        "code": "temporarily_unavailable",
        "retryable": retryable,
        "retry_after": retry_after,
        "requested_models": ["openai/gpt-oss-20b"],
        "docs_url": "https://openrouter.ai/docs/errors#temporarily_unavailable",
    }
    error = {"message": "Service temporarily unavailable", "http_status": 503, "availability": availability}
    return ErrorReply(503, {"error": error})


@pytest.mark.parametrize("reply", [rate_limited_with_metadata_hint(), at_capacity_with_availability_hint()])
def test_retry_waits_at_least_the_body_hint(emulator: Emulator, make_llm: Any, reply: ErrorReply) -> None:
    emulator.queue(reply, Reply([text_item("recovered")]))
    started = time.monotonic()
    assert make_llm(max_retries=1).invoke("hi").text == "recovered"
    assert time.monotonic() - started >= HINT
    assert len(emulator.requests) == 2


async def test_async_retry_waits_at_least_the_body_hint(emulator: Emulator, make_llm: Any) -> None:
    emulator.queue(rate_limited_with_metadata_hint(), Reply([text_item("recovered")]))
    started = time.monotonic()
    assert (await make_llm(max_retries=1).ainvoke("hi")).text == "recovered"
    assert time.monotonic() - started >= HINT


def test_streaming_retry_waits_at_least_the_body_hint(emulator: Emulator, make_llm: Any) -> None:
    emulator.queue(at_capacity_with_availability_hint(), Reply([text_item("recovered")]))
    started = time.monotonic()
    assert "".join(chunk.text for chunk in make_llm(max_retries=1).stream("hi")) == "recovered"
    assert time.monotonic() - started >= HINT


def test_the_wait_is_capped_by_the_calls_timeout(emulator: Emulator, make_llm: Any) -> None:
    emulator.queue(at_capacity_with_availability_hint(retry_after=60), Reply([text_item("recovered")]))
    started = time.monotonic()
    assert make_llm(max_retries=1, timeout=1.0).invoke("hi").text == "recovered"
    assert 1.0 <= time.monotonic() - started < 5


@pytest.mark.parametrize("streaming", [False, True])
def test_not_retryable_availability_is_not_retried(emulator: Emulator, make_llm: Any, streaming: bool) -> None:
    emulator.queue(at_capacity_with_availability_hint(retryable=False, retry_after=0))  # a retry would succeed
    llm = make_llm(max_retries=2)
    with pytest.raises(ModelAPIError, match="temporarily unavailable"):
        list(llm.stream("hi")) if streaming else llm.invoke("hi")
    assert len(emulator.requests) == 1


async def test_async_not_retryable_availability_is_not_retried(emulator: Emulator, make_llm: Any) -> None:
    emulator.queue(at_capacity_with_availability_hint(retryable=False, retry_after=0))  # a retry would succeed
    with pytest.raises(ModelAPIError):
        await make_llm(max_retries=2).ainvoke("hi")
    assert len(emulator.requests) == 1


def test_the_error_carries_the_body_hint(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.queue(rate_limited_with_metadata_hint())
    with pytest.raises(ModelRateLimitError) as caught:
        llm.invoke("hi")
    assert caught.value.retry_after == HINT  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("status", "body", "core_class", "sdk_class"),
    [
        (
            400,
            {
                "error": {
                    "code": 400,
                    "message": "Prompt rejected",
                    "metadata": {"error_type": "context_length_exceeded"},
                }
            },
            ContextOverflowError,
            openai.BadRequestError,
        ),
        (
            400,
            {"error": {"code": 400, "message": "Prompt rejected"}, "error_type": "token_limit_exceeded"},
            ContextOverflowError,
            openai.BadRequestError,
        ),
        (
            502,
            {
                "error": {
                    "code": 502,
                    "message": "Provider returned error",
                    "metadata": {"error_type": "authentication", "provider_code": "invalid_key"},
                }
            },
            ModelAuthenticationError,
            openai.APIStatusError,
        ),
        (
            503,
            {"error": {"message": "All providers are at capacity.", "error_type": "rate_limit_exceeded"}},
            ModelRateLimitError,
            openai.APIStatusError,
        ),
    ],
)
def test_error_type_picks_the_class_of_http_errors(
    emulator: Emulator,
    llm: ChatOpenRouterResponses,
    status: int,
    body: dict[str, Any],
    core_class: type[Exception],
    sdk_class: type[Exception],
) -> None:
    emulator.queue(ErrorReply(status, body))
    with pytest.raises(core_class) as caught:
        llm.invoke("hi")
    assert isinstance(caught.value, sdk_class)
    assert caught.value.http_status == status  # type: ignore[attr-defined]
    assert caught.value.error_type  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("failed", "core_class"),
    [
        (
            {
                "error": {
                    "code": "server_error",
                    "message": "Invalid credentials",
                    "metadata": {"error_type": "authentication"},
                }
            },
            ModelAuthenticationError,
        ),
        (
            {"error": {"code": "invalid_prompt", "message": "Too long"}, "error_type": "token_limit_exceeded"},
            ContextOverflowError,
        ),
        (
            {"error": {"code": "server_error", "message": "Slow down"}, "error_type": "rate_limit_exceeded"},
            ModelRateLimitError,
        ),
    ],
)
def test_error_type_picks_the_class_of_failed_responses(
    emulator: Emulator, llm: ChatOpenRouterResponses, failed: dict[str, Any], core_class: type[Exception]
) -> None:
    emulator.queue(ErrorReply(200, {"id": "gen-1", "status": "failed", "output": [], **failed}))
    with pytest.raises(core_class) as caught:
        llm.invoke("hi")
    assert isinstance(caught.value, openai.APIError)
    assert not isinstance(caught.value, OpenRouterStreamError)


def test_failed_response_without_a_known_type_is_a_response_error(
    emulator: Emulator, llm: ChatOpenRouterResponses
) -> None:
    emulator.queue(
        ErrorReply(200, {"id": "gen-1", "status": "failed", "error": {"code": "server_error", "message": "x"}})
    )
    with pytest.raises(OpenRouterResponseError) as caught:
        llm.invoke("hi")
    assert not isinstance(caught.value, OpenRouterStreamError)


OVER_THE_CAP = 300.0
"""A hint longer than the 120 s a retry waits for (docs/failure-modes.md)."""


def rate_limited_with_header(retry_after: str, *, body_hint: float | None = None) -> ErrorReply:
    metadata = {"provider_name": "Venice"} | ({} if body_hint is None else {"retry_after_seconds": body_hint})
    error = {"message": "Provider returned error", "code": 429, "metadata": metadata}
    return ErrorReply(429, {"error": error}, headers={"Retry-After": retry_after})


LONG_HINTS = {
    "metadata.retry_after_seconds": lambda: rate_limited_with_metadata_hint_of(OVER_THE_CAP),
    "availability.retry_after": lambda: at_capacity_with_availability_hint(retry_after=OVER_THE_CAP),
    "Retry-After header": lambda: rate_limited_with_header("300"),
    "short header, long body": lambda: rate_limited_with_header("1", body_hint=OVER_THE_CAP),
}


def rate_limited_with_metadata_hint_of(seconds: float) -> ErrorReply:
    metadata = {"raw": "rate-limited upstream", "provider_name": "Venice", "retry_after_seconds": seconds}
    return ErrorReply(429, {"error": {"message": "Provider returned error", "code": 429, "metadata": metadata}})


@pytest.mark.parametrize("hint", LONG_HINTS.values(), ids=LONG_HINTS.keys())
@pytest.mark.parametrize("streaming", [False, True])
def test_a_hint_over_the_cap_is_raised_at_once(emulator: Emulator, make_llm: Any, hint: Any, streaming: bool) -> None:
    emulator.queue(hint())  # a retry would get the emulator's default answer
    llm = make_llm(max_retries=2, timeout=2.0)  # without the cap the call would sleep the 2 s timeout
    started = time.monotonic()
    with pytest.raises(OpenRouterError) as caught:
        list(llm.stream("hi")) if streaming else llm.invoke("hi")
    assert time.monotonic() - started < 1.0
    assert len(emulator.requests) == 1
    assert caught.value.retry_after == OVER_THE_CAP


async def test_async_a_body_hint_over_the_cap_is_raised_at_once(emulator: Emulator, make_llm: Any) -> None:
    emulator.queue(at_capacity_with_availability_hint(retry_after=OVER_THE_CAP))
    started = time.monotonic()
    with pytest.raises(OpenRouterError) as caught:
        await make_llm(max_retries=2, timeout=2.0).ainvoke("hi")
    assert time.monotonic() - started < 1.0
    assert len(emulator.requests) == 1
    assert caught.value.retry_after == OVER_THE_CAP


def test_a_body_hint_of_exactly_the_cap_is_still_retried(emulator: Emulator, make_llm: Any) -> None:
    emulator.queue(rate_limited_with_metadata_hint_of(120), Reply([text_item("recovered")]))
    started = time.monotonic()
    assert make_llm(max_retries=1, timeout=1.0).invoke("hi").text == "recovered"  # the wait is capped by timeout
    assert 1.0 <= time.monotonic() - started < 5
    assert len(emulator.requests) == 2


@pytest.mark.parametrize(("header", "body_hint"), [("7", 3.0), ("3", 7.0)])
def test_the_error_carries_the_longer_of_header_and_body_hints(
    emulator: Emulator, llm: ChatOpenRouterResponses, header: str, body_hint: float
) -> None:
    emulator.queue(rate_limited_with_header(header, body_hint=body_hint))
    with pytest.raises(ModelRateLimitError) as caught:
        llm.invoke("hi")
    assert caught.value.retry_after == 7.0  # type: ignore[attr-defined]


def test_a_500_with_a_body_hint_waits_at_least_the_hint(emulator: Emulator, make_llm: Any) -> None:
    metadata = {"provider_name": "Venice", "retry_after_seconds": HINT}
    emulator.queue(
        ErrorReply(500, {"error": {"message": "Internal Server Error", "code": 500, "metadata": metadata}}),
        Reply([text_item("recovered")]),
    )
    started = time.monotonic()
    assert make_llm(max_retries=1).invoke("hi").text == "recovered"
    assert time.monotonic() - started >= HINT
