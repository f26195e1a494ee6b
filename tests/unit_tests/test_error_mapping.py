"""Typed errors from HTTP statuses, failed responses, stream events and transport errors: exact messages and
attributes (found by mutation testing, issue 12)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import openai
import pytest

from langchain_openrouter_responses._transport import mapping

REQUEST = httpx.Request("POST", "https://openrouter.ai/api/v1/responses")
FIELDS = ("http_status", "openrouter_code", "code", "openrouter_message", "metadata", "error_type", "provider_name")


def _facts(error: Exception) -> dict[str, Any]:
    facts = {name: getattr(error, name) for name in FIELDS}
    return {"class": type(error).__name__, "text": str(error), **facts, "body": getattr(error, "body", None)}


def _status(status: int, body: Any, headers: dict[str, str] | None = None) -> Any:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    response = httpx.Response(status, content=content, headers=headers or {}, request=REQUEST)
    error = mapping.from_status_error(openai.APIStatusError("sdk message", response=response, body=None))
    assert error.request is REQUEST
    return error


def _none(**overrides: Any) -> dict[str, Any]:
    return {"http_status": None, "openrouter_code": None, "code": None, "metadata": {}, "error_type": None,
            "provider_name": None, **overrides}  # fmt: skip


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            {"type": "error", "code": "rate_limit_exceeded", "message": "context length exceeded, slow down"},
            {
                "class": "OpenRouterStreamRateLimitError",
                "text": "OpenRouter error (error, code='rate_limit_exceeded'): context length exceeded, slow down",
                **_none(openrouter_code="rate_limit_exceeded", code="rate_limit_exceeded"),
                "openrouter_message": "context length exceeded, slow down",
            },
        ),
        (
            {
                "type": "response.failed",
                "response": {"error": {"code": "server_error", "message": "Prompt is too long"}},
            },
            {
                "class": "OpenRouterStreamContextOverflowError",
                "text": "OpenRouter error (response.failed, code='server_error'): Prompt is too long",
                **_none(openrouter_code="server_error", code="server_error"),
                "openrouter_message": "Prompt is too long",
            },
        ),
        (
            {"type": "error", "code": "provider_overloaded", "message": "maximum context reached"},
            {
                "class": "OpenRouterStreamContextOverflowError",
                "text": "OpenRouter error (error, code='provider_overloaded'): maximum context reached",
                **_none(openrouter_code="provider_overloaded", code="provider_overloaded"),
                "openrouter_message": "maximum context reached",
            },
        ),
        (
            {"type": "response.error", "error": "boom"},
            {
                "class": "OpenRouterStreamError",
                "text": "OpenRouter error (response.error, code=None): boom",
                **_none(),
                "openrouter_message": "boom",
            },
        ),
        (
            {"error": {"message": "x", "error_type": "timeout", "metadata": {"provider_name": "P", "raw": {"a": 1}}}},
            {
                "class": "OpenRouterStreamTimeoutError",
                "text": 'OpenRouter error (error, code=None): x | provider: P | details: {"a": 1} | error_type=timeout',
                **_none(metadata={"provider_name": "P", "raw": {"a": 1}}, error_type="timeout", provider_name="P"),
                "openrouter_message": "x",
            },
        ),
        (
            {"type": "error", "error": {"message": "who"}, "error_type": "authentication"},
            {
                "class": "OpenRouterStreamAuthenticationError",
                "text": "OpenRouter error (error, code=None): who | error_type=authentication",
                **_none(error_type="authentication"),
                "openrouter_message": "who",
            },
        ),
    ],
)
def test_stream_failures_become_typed_errors(event: dict[str, Any], expected: dict[str, Any]) -> None:
    error = mapping.from_stream_failure(event, REQUEST)
    assert error.request is REQUEST
    assert _facts(error) == {**expected, "body": event}


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (
            {
                "status": "failed",
                "error": {"code": "invalid_prompt", "message": "bad"},
                "error_type": "invalid_request",
            },
            {
                "class": "OpenRouterResponseInvalidRequestError",
                "text": "OpenRouter error (response.failed, code='invalid_prompt'): bad | error_type=invalid_request",
                **_none(openrouter_code="invalid_prompt", code="invalid_prompt", error_type="invalid_request"),
                "openrouter_message": "bad",
            },
        ),
        (
            {"status": "failed"},
            {
                "class": "OpenRouterResponseError",
                "text": "OpenRouter error (response.failed, code=None): the response failed without a message",
                **_none(),
                "openrouter_message": "the response failed without a message",
            },
        ),
    ],
)
def test_failed_responses_become_typed_errors(response: dict[str, Any], expected: dict[str, Any]) -> None:
    error = mapping.from_failed_response(response, REQUEST)
    assert error.request is REQUEST
    assert _facts(error) == {**expected, "body": {"type": "response.failed", "response": response}}


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (
            mapping.broken_stream,
            {"class": "OpenRouterStreamError", "text": "OpenRouter response failed: cut off", **_none()},
        ),
        (
            mapping.unreadable_response,
            {"class": "OpenRouterResponseError", "text": "OpenRouter response failed: cut off", **_none()},
        ),
    ],
)
def test_broken_and_unreadable_responses_keep_the_reason(build: Any, expected: dict[str, Any]) -> None:
    error = build("cut off", REQUEST)
    assert error.request is REQUEST
    assert _facts(error) == {**expected, "openrouter_message": "cut off", "body": None}


def test_an_http_error_quotes_long_provider_details_cut_at_500() -> None:
    error = _status(400, {"error": {"message": "too long", "metadata": {"raw": "x" * 501, "provider_name": "P"}}})
    assert str(error) == f"OpenRouter error (HTTP 400, code=400): too long | provider: P | details: {'x' * 500}..."
    assert (error.provider_name, error.code) == ("P", "400")
    exact = _status(500, {"error": {"message": "m", "metadata": {"raw": "y" * 500}}})
    assert str(exact) == f"OpenRouter error (HTTP 500, code=500): m | details: {'y' * 500}"


def test_an_http_error_with_the_context_code_is_a_context_overflow() -> None:
    error = _status(400, {"error": {"message": "m", "code": "context_length_exceeded"}})
    assert type(error).__name__ == "OpenRouterContextOverflowError"
    assert str(error) == "OpenRouter error (HTTP 400, code='context_length_exceeded'): m"
    assert error.body == {"error": {"message": "m", "code": "context_length_exceeded"}}


def test_an_unknown_status_is_a_bad_request_and_an_unknown_error_type_falls_back_to_the_status() -> None:
    teapot = _status(418, {"error": {"message": "teapot"}})
    assert (type(teapot).__name__, str(teapot)) == (
        "OpenRouterBadRequestError",
        "OpenRouter error (HTTP 418, code=418): teapot",
    )
    slow = _status(429, {"error": {"message": "slow", "code": 429, "error_type": "nonsense"}}, {"retry-after": "2"})
    assert (type(slow).__name__, slow.error_type, slow.retry_after) == ("OpenRouterRateLimitError", "nonsense", 2.0)


def test_an_http_error_without_json_quotes_the_body_cut_at_300() -> None:
    error = _status(502, b"x" * 301)
    assert str(error) == f"OpenRouter error (HTTP 502, code=502): {'x' * 300}..."
    assert error.body is None
    exact = _status(502, b"x" * 300)
    assert str(exact) == f"OpenRouter error (HTTP 502, code=502): {'x' * 300}"
    listed = _status(403, [1, 2])
    assert str(listed) == (
        "OpenRouter error (HTTP 403, code=403): [1, 2] | "
        "OpenRouter blocked the request (moderation, guardrail, key limit or region)."
    )
    assert listed.body is None
    blank = _status(401, b"   ")
    assert blank.openrouter_message == "sdk message"


def test_http_error_metadata_merges_the_envelope_and_the_error() -> None:
    envelope = {
        "error": {"message": "m", "availability": {"a": 1}, "metadata": {"m": 1}},
        "openrouter_metadata": {"o": 2},
        "user_id": "u",
        "metadata": {"e": 3},
    }
    assert _status(400, envelope).metadata == {
        "e": 3,
        "m": 1,
        "availability": {"a": 1},
        "openrouter_metadata": {"o": 2},
        "user_id": "u",
    }


def test_http_error_metadata_wins_over_the_top_level_metadata() -> None:
    # The recordings carry a top-level `metadata` beside `error` (zod's `raw`); the error's own
    # metadata names the provider that failed and must survive a top-level key of the same name.
    envelope = {
        "error": {"message": "m", "metadata": {"provider_name": "Anthropic", "raw": "upstream"}},
        "metadata": {"provider_name": "router", "raw": "envelope", "e": 3},
    }
    error = _status(502, envelope)
    assert error.metadata == {"provider_name": "Anthropic", "raw": "upstream", "e": 3}
    assert error.provider_name == "Anthropic"


def test_http_error_availability_inside_error_wins_over_the_top_level() -> None:
    envelope = {"error": {"message": "m", "availability": {"retryable": False}}, "availability": {"retryable": True}}
    assert _status(503, envelope).metadata == {"availability": {"retryable": False}}


def test_stream_failure_metadata_inside_error_wins_over_the_events() -> None:
    event = {
        "type": "error",
        "error": {"message": "m", "metadata": {"provider_name": "Anthropic"}},
        "metadata": {"provider_name": "router", "e": 3},
    }
    error = mapping.from_stream_failure(event, REQUEST)
    assert error.metadata == {"provider_name": "Anthropic", "e": 3}
    assert error.provider_name == "Anthropic"


@pytest.mark.parametrize(
    ("header", "body_hint"),
    [("7", 3), ("3", 7), ("7", None), (None, 7)],
    ids=["header", "body", "header-only", "body-only"],
)
def test_http_error_retry_after_is_the_longer_hint(header: str | None, body_hint: int | None) -> None:
    metadata = {} if body_hint is None else {"retry_after_seconds": body_hint}
    headers = {} if header is None else {"retry-after": header}
    assert _status(429, {"error": {"message": "slow", "metadata": metadata}}, headers).retry_after == 7.0


def test_connection_errors_say_what_happened() -> None:
    timeout = mapping.from_connection_error(openai.APITimeoutError(request=REQUEST))
    message = "OpenRouter request timed out; raise timeout= or retry later."
    assert _facts(timeout) == {
        "class": "OpenRouterTimeoutError",
        "text": message,
        **_none(),
        "openrouter_message": message,
        "body": None,
    }
    assert timeout.request is REQUEST
    refused = openai.APIConnectionError(request=REQUEST)
    refused.__cause__ = OSError("refused")
    error = mapping.from_connection_error(refused)
    text = "Could not connect to OpenRouter at openrouter.ai: refused"
    assert _facts(error) == {
        "class": "OpenRouterConnectionError",
        "text": text,
        **_none(),
        "openrouter_message": text,
        "body": None,
    }
    assert error.request is REQUEST
    plain = mapping.from_connection_error(openai.APIConnectionError(request=REQUEST))
    assert str(plain) == "Could not connect to OpenRouter at openrouter.ai"


def test_transport_errors_while_reading_say_what_happened() -> None:
    timeout = mapping.from_transport_error(httpx.ReadTimeout("slow", request=REQUEST))
    text = "OpenRouter stopped sending data within the timeout: ReadTimeout('slow')"
    assert _facts(timeout) == {
        "class": "OpenRouterTimeoutError",
        "text": text,
        **_none(),
        "openrouter_message": text,
        "body": None,
    }
    assert timeout.request is REQUEST
    reset = mapping.from_transport_error(httpx.ReadError("reset", request=REQUEST))
    text = "The connection to OpenRouter failed while reading the response: ReadError('reset')"
    assert _facts(reset) == {
        "class": "OpenRouterConnectionError",
        "text": text,
        **_none(),
        "openrouter_message": text,
        "body": None,
    }
    assert reset.request is REQUEST


def test_unparseable_bodies_are_quoted_cut_at_200() -> None:
    assert mapping.describe_unparseable(b"  ") == "OpenRouter returned an empty response body"
    quoted = "\ufffd" + "a" * 199
    assert mapping.describe_unparseable(b"\xff" + b"a" * 200) == (
        f"OpenRouter returned a response that is not valid JSON: {quoted + '...'!r}"
    )
    assert (
        mapping.describe_unparseable(b"a" * 200)
        == f"OpenRouter returned a response that is not valid JSON: {'a' * 200!r}"
    )


def test_a_timeout_keeps_its_message_attribute() -> None:
    timeout = mapping.from_connection_error(openai.APITimeoutError(request=REQUEST))
    assert timeout.message == "OpenRouter request timed out; raise timeout= or retry later."


def test_a_retry_after_that_is_no_number_is_ignored() -> None:
    assert _status(429, {"error": {"message": "slow"}}, {"retry-after": "soon"}).retry_after is None
