"""Failures: HTTP errors, retries, broken streams and bad settings, against the emulator."""

from __future__ import annotations

import time
from typing import Any

import openai
import pytest
from langchain_core.exceptions import (
    ContextOverflowError,
    ModelAPIError,
    ModelAuthenticationError,
    ModelConnectionError,
    ModelInvalidRequestError,
    ModelNotFoundError,
    ModelPermissionDeniedError,
    ModelRateLimitError,
    ModelTimeoutError,
)
from langchain_core.messages import AIMessageChunk

from langchain_openrouter_responses import (
    ChatOpenRouterResponses,
    MissingAPIKeyError,
    OpenRouterError,
    OpenRouterInsufficientCreditsError,
    OpenRouterResponseError,
    OpenRouterStreamError,
)
from langchain_openrouter_responses.emulator import Emulator, ErrorReply, FixtureReply, Reply, text_item
from langchain_openrouter_responses.routing import UnknownOptionWarning

LONG_ANSWER = "word " * 40


@pytest.mark.parametrize(
    ("status", "body", "core_class", "sdk_class", "fragment"),
    [
        (
            401,
            {"error": {"message": "User not found.", "code": 401}},
            ModelAuthenticationError,
            openai.AuthenticationError,
            "User not found.",
        ),
        (
            402,
            {"error": {"message": "Insufficient credits. Add more using https://openrouter.ai/credits", "code": 402}},
            ModelPermissionDeniedError,
            openai.APIStatusError,
            "credits",
        ),
        (
            403,
            {
                "error": {
                    "code": 403,
                    "message": "Request blocked: prompt injection patterns detected",
                    "metadata": {"patterns": ["x"]},
                }
            },
            ModelPermissionDeniedError,
            openai.PermissionDeniedError,
            "moderation",
        ),
        (
            404,
            {"error": {"message": "No endpoints found for qwen/qwen3-4b:free.", "code": 404}},
            ModelNotFoundError,
            openai.NotFoundError,
            "No endpoints found",
        ),
        (
            408,
            {"error": {"message": "Operation timed out. Please try again later.", "code": 408}},
            ModelTimeoutError,
            openai.APIStatusError,
            "timed out",
        ),
        (
            429,
            {
                "error": {
                    "message": "Provider returned error",
                    "code": 429,
                    "metadata": {"raw": "llama is temporarily rate-limited upstream", "provider_name": "Venice"},
                }
            },
            ModelRateLimitError,
            openai.RateLimitError,
            "Venice",
        ),
        (
            500,
            {"error": {"message": "Internal Server Error", "code": 500}},
            ModelAPIError,
            openai.InternalServerError,
            "Internal Server Error",
        ),
        (
            503,
            {"error": {"message": "Service temporarily unavailable", "code": 503}},
            ModelAPIError,
            openai.InternalServerError,
            "temporarily unavailable",
        ),
        (
            400,
            {"error": {"code": 400, "message": "This endpoint's maximum context length is 8192 tokens."}},
            ContextOverflowError,
            openai.BadRequestError,
            "context length",
        ),
    ],
)
def test_http_errors_are_typed_for_langchain_and_the_sdk(
    emulator: Emulator,
    llm: ChatOpenRouterResponses,
    status: int,
    body: dict[str, Any],
    core_class: type[Exception],
    sdk_class: type[Exception],
    fragment: str,
) -> None:
    emulator.queue(ErrorReply(status, body))
    with pytest.raises(core_class) as caught:
        llm.invoke("hi")
    error = caught.value
    assert isinstance(error, sdk_class)
    assert isinstance(error, OpenRouterError)
    assert error.http_status == status
    assert error.status_code == status  # type: ignore[attr-defined]
    assert error.openrouter_code == body["error"]["code"]
    assert error.openrouter_message == body["error"]["message"]
    assert fragment in str(error)
    assert str(body["error"]["code"]) in str(error)


def test_payment_required_names_credits(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.queue(ErrorReply(402, {"error": {"message": "Key limit exceeded", "code": 402}}))
    with pytest.raises(OpenRouterInsufficientCreditsError, match="out of credits"):
        llm.invoke("hi")


def test_validation_error_keeps_the_zod_issues(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.queue(FixtureReply("error-invalid-prompt-store-true"))
    with pytest.raises(ModelInvalidRequestError) as caught:
        llm.invoke("hi")
    error = caught.value
    assert isinstance(error, openai.BadRequestError)
    assert isinstance(error, OpenRouterError)
    assert error.openrouter_code == "invalid_prompt"
    assert error.code == "invalid_prompt"
    assert "Invalid Responses API request" in str(error)
    assert '"path":["store"]' in error.metadata["raw"]
    assert "store" in str(error)


def test_truncated_error_body_does_not_crash_the_mapping(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.queue(FixtureReply("error-400-invalid-prompt"))
    with pytest.raises(ModelInvalidRequestError, match="HTTP 400") as caught:
        llm.invoke("hi")
    assert "invalid_prompt" in str(caught.value)


def test_html_error_page_from_a_proxy(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    page = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    emulator.queue(ErrorReply(502, page, content_type="text/html"))
    with pytest.raises(ModelAPIError, match="502 Bad Gateway"):
        llm.invoke("hi")


@pytest.mark.parametrize(
    ("body", "fragment"),
    [(b"", "empty response body"), (b"<html>oops</html>", "not valid JSON")],
)
def test_unusable_200_bodies(emulator: Emulator, llm: ChatOpenRouterResponses, body: bytes, fragment: str) -> None:
    emulator.queue(ErrorReply(200, body, content_type="application/json"))
    with pytest.raises(OpenRouterResponseError, match=fragment) as caught:
        llm.invoke("hi")
    assert not isinstance(caught.value, OpenRouterStreamError), "invoke did not stream"
    assert isinstance(caught.value, ModelAPIError)
    assert isinstance(caught.value, openai.APIError)


def test_200_with_an_error_body(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    body = {
        "id": "gen-1",
        "status": "failed",
        "error": {"code": "rate_limit_exceeded", "message": "Rate limit exceeded"},
        "error_type": "rate_limit_exceeded",
        "output": [],
    }
    emulator.queue(ErrorReply(200, body))
    with pytest.raises(ModelRateLimitError, match="Rate limit exceeded") as caught:
        llm.invoke("hi")
    assert caught.value.error_type == "rate_limit_exceeded"  # type: ignore[attr-defined]


def test_429_with_retry_after_is_retried_to_success(emulator: Emulator, make_llm: Any) -> None:
    emulator.queue(
        ErrorReply(429, {"error": {"message": "Rate limit exceeded", "code": 429}}, headers={"Retry-After": "0.3"}),
        Reply([text_item("recovered")]),
    )
    started = time.monotonic()
    reply = make_llm(max_retries=2).invoke("hi")
    assert reply.text == "recovered"
    assert len(emulator.requests) == 2
    assert time.monotonic() - started >= 0.3


def test_retries_give_up_with_the_typed_error(emulator: Emulator, make_llm: Any) -> None:
    for _ in range(3):
        emulator.queue(
            ErrorReply(
                503,
                {"error": {"message": "Service temporarily unavailable", "code": 503}},
                headers={"Retry-After": "0"},
            )
        )
    with pytest.raises(ModelAPIError, match="temporarily unavailable"):
        make_llm(max_retries=2).invoke("hi")
    assert len(emulator.requests) == 3


def test_bad_request_is_not_retried(emulator: Emulator, make_llm: Any) -> None:
    emulator.queue(ErrorReply(400, {"error": {"code": 400, "message": "Invalid request parameters"}}))
    with pytest.raises(ModelInvalidRequestError):
        make_llm(max_retries=3).invoke("hi")
    assert len(emulator.requests) == 1


@pytest.mark.parametrize(
    ("failure", "error_class", "fragment"),
    [
        ("response.failed", ModelAPIError, "Internal server error"),
        ("error", ModelAPIError, "Internal server error"),
        ("disconnect", OpenRouterStreamError, "before a response.completed"),
        ("truncate", OpenRouterStreamError, "not valid JSON"),
    ],
)
def test_mid_stream_failures_raise_after_the_chunks_already_yielded(
    emulator: Emulator, llm: ChatOpenRouterResponses, failure: str, error_class: type[Exception], fragment: str
) -> None:
    emulator.queue(Reply([text_item(LONG_ANSWER)], delta_size=2, fail_after=12, failure=failure))
    received: list[AIMessageChunk] = []
    with pytest.raises(error_class, match=fragment) as caught:
        received.extend(llm.stream("hi"))
    assert any(chunk.text for chunk in received), "text before the failure must reach the caller"
    assert isinstance(caught.value, openai.APIError)


def test_mid_stream_rate_limit_carries_error_type(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.queue(
        Reply(
            [text_item(LONG_ANSWER)],
            fail_after=8,
            error_type="rate_limit_exceeded",
            error_code="rate_limit_exceeded",
            error_message="Rate limit exceeded",
        )
    )
    with pytest.raises(ModelRateLimitError) as caught:
        list(llm.stream("hi"))
    assert caught.value.error_type == "rate_limit_exceeded"  # type: ignore[attr-defined]


async def test_async_mid_stream_failure(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.queue(Reply([text_item(LONG_ANSWER)], fail_after=10, failure="response.failed"))
    received = []
    with pytest.raises(ModelAPIError, match="Internal server error"):
        async for chunk in llm.astream("hi"):
            received.append(chunk)
    assert received


def test_read_timeout(emulator: Emulator, make_llm: Any) -> None:
    emulator.queue(Reply([text_item("late")], delay=2.0))
    started = time.monotonic()
    with pytest.raises(ModelTimeoutError) as caught:
        make_llm(timeout=0.3).invoke("hi")
    assert isinstance(caught.value, openai.APITimeoutError)
    assert time.monotonic() - started < 1.9


def test_connection_refused(make_llm: Any) -> None:
    llm = ChatOpenRouterResponses(base_url="http://127.0.0.1:9/api/v1", api_key="sk-or-x", max_retries=0)
    with pytest.raises(ModelConnectionError, match="127.0.0.1") as caught:
        llm.invoke("hi")
    assert isinstance(caught.value, openai.APIConnectionError)


def test_missing_api_key_is_reported_before_any_request(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENROUTER_API_KEY", raising=False)
    llm = ChatOpenRouterResponses(base_url=emulator.base_url)
    with pytest.raises(MissingAPIKeyError, match="OPENROUTER_API_KEY"):
        llm.invoke("hi")
    assert emulator.requests == []


@pytest.mark.parametrize("key", ["", "   "])
def test_empty_api_key_names_openrouter_api_key_before_any_request(emulator: Emulator, key: str) -> None:
    llm = ChatOpenRouterResponses(base_url=emulator.base_url, api_key=key)
    with pytest.raises(MissingAPIKeyError, match="OPENROUTER_API_KEY") as caught:
        llm.invoke("hi")
    assert "OPENAI_API_KEY" not in str(caught.value)
    assert emulator.requests == []


def test_empty_environment_key_names_openrouter_api_key(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENROUTER_API_KEY", "")
    llm = ChatOpenRouterResponses(base_url=emulator.base_url)
    with pytest.raises(MissingAPIKeyError, match="OPENROUTER_API_KEY"):
        list(llm.stream("hi"))
    assert emulator.requests == []


async def test_empty_per_call_api_key_is_refused(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    with pytest.raises(MissingAPIKeyError, match="empty"):
        await llm.ainvoke("hi", api_key="")
    assert emulator.requests == []


@pytest.mark.parametrize(
    ("settings", "fragment"),
    [
        ({"model": ""}, "model=''"),
        ({"model": "gpt-4o"}, "model='gpt-4o'"),
        ({"models": ["openai/gpt-4o", ""]}, r"models\[1\]=''"),
    ],
)
def test_malformed_model_ids_fail_at_construction(settings: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        ChatOpenRouterResponses(api_key="sk-or-x", **settings)


@pytest.mark.parametrize(
    ("call_kwargs", "fragment"),
    [({"model": ""}, "model=''"), ({"model": "  "}, "not an OpenRouter model id"), ({"models": [""]}, r"models\[0\]")],
)
def test_malformed_per_call_model_ids_never_reach_the_wire(
    emulator: Emulator, llm: ChatOpenRouterResponses, call_kwargs: dict[str, Any], fragment: str
) -> None:
    with pytest.raises(ValueError, match=fragment):
        llm.invoke("hi", **call_kwargs)
    with pytest.raises(ValueError, match=fragment):
        list(llm.stream("hi", **call_kwargs))
    assert emulator.requests == []


def test_model_aliases_and_presets_are_sent(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    llm.invoke("hi", model="~anthropic/claude-sonnet-latest")
    assert emulator.requests[0].json["model"] == "~anthropic/claude-sonnet-latest"


def test_previous_response_id_is_refused_before_any_request(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    with pytest.raises(ValueError, match="stateless"):
        llm.invoke("hi", previous_response_id="gen-1")
    with pytest.raises(ValueError, match="stateless"):
        ChatOpenRouterResponses(previous_response_id="gen-1")
    assert emulator.requests == []


@pytest.mark.parametrize(
    ("settings", "fragment"),
    [
        ({"store": True}, "stateless"),
        ({"reasoning": {"effort": "ultra"}}, "use one of"),
        ({"max_tokens": 0}, "positive integer"),
        ({"model": "a/b", "id": "c/d"}, "not both"),
    ],
)
def test_bad_settings_fail_at_construction(settings: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        ChatOpenRouterResponses(**settings)


def test_an_unknown_reasoning_key_is_sent_with_a_warning_naming_the_closest(
    emulator: Emulator, llm: ChatOpenRouterResponses
) -> None:
    with pytest.warns(UnknownOptionWarning, match=r"'effrt' \(did you mean 'effort'\?\)"):
        llm.invoke("hi", reasoning={"effrt": "high"})
    assert emulator.requests[0].json["reasoning"] == {"effrt": "high"}


@pytest.mark.parametrize(
    ("status", "sdk_class"),
    [(409, openai.ConflictError), (422, openai.UnprocessableEntityError)],
)
def test_conflict_and_unprocessable_keep_the_sdk_class(
    emulator: Emulator, llm: ChatOpenRouterResponses, status: int, sdk_class: type[Exception]
) -> None:
    emulator.queue(ErrorReply(status, {"error": {"code": status, "message": "Invalid argument"}}))
    with pytest.raises(sdk_class) as caught:
        llm.invoke("hi")
    assert isinstance(caught.value, ModelInvalidRequestError)


@pytest.mark.parametrize(
    "body",
    [
        {"id": "gen-1", "output": [None]},
        {"id": "gen-1", "output": [], "incomplete_details": "max_output_tokens"},
        {"id": "gen-1", "output": [], "usage": {"input_tokens": "x"}},
    ],
)
def test_bodies_with_unexpected_shapes_raise_a_typed_error(
    emulator: Emulator, llm: ChatOpenRouterResponses, body: dict[str, Any]
) -> None:
    emulator.queue(ErrorReply(200, body))
    with pytest.raises(OpenRouterResponseError, match="unexpected shape") as caught:
        llm.invoke("hi")
    assert not isinstance(caught.value, OpenRouterStreamError), "invoke did not stream"


def test_message_with_string_content_keeps_its_text(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    item = {"id": "msg_1", "type": "message", "role": "assistant", "content": "plain"}
    emulator.queue(ErrorReply(200, {"id": "gen-1", "model": "m", "status": "completed", "output": [item]}))
    assert llm.invoke("hi").text == "plain"
