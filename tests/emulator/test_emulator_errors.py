"""Auth, error replies, request validation and fallback routing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from langchain_openrouter_responses.emulator import (
    FIXTURES_DIR,
    Emulator,
    ErrorReply,
    Reply,
    text_item,
)
from tests.emulator.conftest import Client

PNG = "data:image/png;base64,iVBORw0KGgo="
UNAUTHORIZED = {"error": {"message": "User not found.", "code": 401}}


def issues(answer: Any) -> list[dict[str, Any]]:
    body = answer.json()
    assert answer.status == 400
    assert body["error"] == {"code": "invalid_prompt", "message": "Invalid Responses API request"}
    raw: list[dict[str, Any]] = json.loads(body["metadata"]["raw"])
    return raw


def paths(answer: Any) -> list[list[Any]]:
    return [found["path"] for found in issues(answer)]


@pytest.mark.allow_unused_replies
@pytest.mark.parametrize("key", [None, "sk-or-wrong", ""])
def test_bad_bearer_gets_401_before_anything_else(client: Client, key: str | None) -> None:
    client.emu.queue(Reply([text_item("unused")]))

    answer = client.post({"store": True}, key=key)

    assert answer.status == 401
    assert answer.json() == UNAUTHORIZED
    assert client.emu.pending == 1


def test_api_key_none_accepts_any_bearer() -> None:
    with Emulator(api_key=None) as emu:
        body = {"model": "openai/gpt-4o-mini", "input": "Hi"}
        assert Client(emu).post(body, key="anything").status == 200
        assert Client(emu).post(body, key=None).status == 401


def test_unknown_route_is_404(client: Client) -> None:
    assert client.post({}, path="/api/v1/chat/completions").status == 404
    assert client.post(b"", method="GET").json()["error"]["code"] == 404


def test_error_reply_with_retry_after(client: Client) -> None:
    client.emu.queue(ErrorReply.rate_limited(retry_after=2), Reply([text_item("ok")]))

    limited = client.ask()
    recovered = client.ask()

    assert limited.status == 429
    assert limited.headers["retry-after"] == "2"
    assert limited.headers["x-ratelimit-remaining"] == "0"
    assert limited.json()["error"]["code"] == 429
    assert recovered.status == 200


def test_error_reply_bodies_are_sent_verbatim(client: Client) -> None:
    client.emu.queue(
        ErrorReply(503, {"error": {"code": 503, "message": "down"}}, headers={"Retry-After": "0"}),
        ErrorReply.html(502),
        ErrorReply(500, b"not json", content_type="text/plain"),
        ErrorReply.openrouter(402, "Insufficient credits", metadata={"k": 1}),
        ErrorReply.invalid_prompt([{"path": ["input"], "message": "bad"}]),
    )

    down, html, plain, no_credit, invalid = (client.ask() for _ in range(5))

    assert (down.status, down.body) == (503, b'{"error":{"code":503,"message":"down"}}')
    assert html.status == 502
    assert html.headers["content-type"] == "text/html"
    assert html.body.startswith(b"<html>")
    assert (plain.status, plain.body) == (500, b"not json")
    assert no_credit.json() == {"error": {"code": 402, "message": "Insufficient credits", "metadata": {"k": 1}}}
    assert issues(invalid) == [{"path": ["input"], "message": "bad"}]


def test_store_true_matches_the_recorded_rejection(client: Client) -> None:
    recorded = json.loads((FIXTURES_DIR / "error-invalid-prompt-store-true.error.json").read_text())
    expected = json.loads(recorded["metadata"]["raw"])[0]

    found = issues(client.ask(store=True))

    assert len(found) == 1
    assert {key: found[0][key] for key in ("path", "message")} == expected


def test_reasoning_item_without_summary(client: Client) -> None:
    history = [
        {"role": "user", "content": "Hi"},
        {"type": "reasoning", "id": "rs_1", "content": [{"type": "reasoning_text", "text": "x"}]},
        {"type": "reasoning", "summary": []},
    ]

    found = issues(client.ask(history))

    assert [f["path"] for f in found] == [["input", 1, "summary"], ["input", 2, "id"]]
    assert found[0]["message"] == "Invalid input: expected array, received undefined"


def test_nested_chat_style_tool_is_rejected(client: Client) -> None:
    nested = {"type": "function", "function": {"name": "f", "parameters": {}}}

    assert paths(client.ask(tools=[nested])) == [["tools", 0], ["tools", 0, "name"]]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"previous_response_id": "resp_1"}, [["previous_response_id"]]),
        ({"max_tokens": 5, "messages": []}, [[], []]),
        ({"response_format": {"type": "json_object"}}, [[]]),
        ({"n": 2, "stream_options": {}}, [[], []]),
        ({"reasoning": {}}, [["reasoning"]]),
        ({"reasoning": {"effort": "huge"}}, [["reasoning", "effort"]]),
        ({"tool_choice": "any"}, [["tool_choice"]]),
        ({"stream": "yes"}, [["stream"]]),
        ({"tools": [{"type": "function", "name": "f", "parameters": "x"}]}, [["tools", 0, "parameters"]]),
    ],
)
def test_invalid_request_fields(client: Client, fields: dict[str, Any], expected: list[Any]) -> None:
    assert paths(client.ask(**fields)) == expected


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([{"type": "function_call", "call_id": "c", "name": "f", "arguments": {}}], [["input", 0, "arguments"]]),
        ([{"type": "function_call", "name": "f", "arguments": "{}"}], [["input", 0, "call_id"]]),
        ([{"type": "function_call_output", "call_id": "c", "output": "x"}], [["input", 0, "call_id"]]),
        (
            [{"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "x"}]}],
            [["input", 0, "id"]],
        ),
        ([{"role": "user", "content": [{"type": "output_text", "text": "x"}]}], [["input", 0, "content", 0, "type"]]),
        ([{"role": "system", "content": [{"type": "text", "text": "x"}]}], [["input", 0, "content", 0, "type"]]),
        ([{"role": "robot", "content": "x"}], [["input", 0, "role"]]),
        (["just a string"], [["input", 0]]),
    ],
)
def test_invalid_input_items(client: Client, items: list[Any], expected: list[Any]) -> None:
    assert paths(client.ask(items)) == expected


def test_missing_model_and_bad_json(client: Client) -> None:
    assert paths(client.post({"input": "Hi"})) == [["model"]]
    assert paths(client.post(b"{not json")) == [[]]
    assert paths(client.post({"model": "m"})) == [["input"]]


def test_full_stateless_history_is_valid(client: Client) -> None:
    history = [
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Weather?"}]},
        {
            "type": "reasoning",
            "id": "rs_1",
            "summary": [],
            "signature": "s",
            "content": [{"type": "reasoning_text", "text": "call it"}],
            "format": "anthropic-claude-v1",
        },
        {"type": "function_call", "id": "fc_1", "call_id": "c1", "name": "w", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "c1", "output": "sunny"},
        {
            "type": "message",
            "role": "assistant",
            "id": "msg_1",
            "status": "completed",
            "content": [{"type": "output_text", "text": "Sunny.", "annotations": []}],
        },
        {"role": "assistant", "content": "plain replay"},
        {
            "role": "developer",
            "content": [{"type": "input_image", "image_url": PNG, "detail": "auto"}],
        },
        {"type": "item_reference", "id": "x"},
    ]
    tools = [{"type": "function", "name": "w", "parameters": None}, {"type": "web_search"}]

    answer = client.ask(
        history,
        tools=tools,
        tool_choice={"type": "function", "name": "w"},
        store=False,
        previous_response_id=None,
        reasoning={"effort": "low"},
    )

    assert answer.status == 200


@pytest.mark.parametrize("path", sorted(FIXTURES_DIR.glob("*.request.json")), ids=lambda p: p.name)
def test_recorded_real_requests_pass_validation(client: Client, path: Any) -> None:
    body = json.loads(path.read_bytes())
    body["stream"] = False

    assert client.post(body).status == 200


def test_validation_failure_does_not_consume_the_queue(client: Client) -> None:
    client.emu.queue(Reply([text_item("kept")]))

    assert client.ask(store=True).status == 400
    assert client.emu.pending == 1
    assert client.ask().json()["output"][0]["content"][0]["text"] == "kept"


def test_fallback_routing_reports_the_served_model(client: Client) -> None:
    client.emu.unavailable_models.add("anthropic/claude-sonnet-4.5")
    client.emu.queue(Reply([text_item("scripted")]))
    body = {
        "model": "anthropic/claude-sonnet-4.5",
        "models": ["openai/gpt-4o", "google/gemini-2.5-flash"],
        "input": "Hi",
    }

    scripted = client.post(body).json()
    default = client.post(body).json()
    client.emu.unavailable_models.add("openai/gpt-4o")
    second = client.post({**body, "stream": True}).events[-1]["response"]

    assert scripted["model"] == default["model"] == "openai/gpt-4o"
    assert second["model"] == "google/gemini-2.5-flash"


def test_models_alone_route_in_order(client: Client) -> None:
    body = client.post({"models": ["openai/gpt-4o", "anthropic/claude-sonnet-4"], "input": "Hi"}).json()

    assert body["model"] == "openai/gpt-4o"


def test_all_models_unavailable_is_503_without_consuming(client: Client) -> None:
    client.emu.unavailable_models.update({"openai/gpt-4o", "openai/gpt-4o-mini"})
    client.emu.queue(Reply([text_item("kept")]))

    answer = client.post({"model": "openai/gpt-4o", "models": ["openai/gpt-4o-mini", "openai/gpt-4o"], "input": "Hi"})

    assert answer.status == 503
    message = "No endpoints available for openai/gpt-4o, openai/gpt-4o-mini"
    assert answer.json() == {"error": {"code": 503, "message": message, "metadata": {"provider_name": None}}}
    assert client.emu.pending == 1
    client.emu.clear()
