"""Non-streaming replies: padding, response object shape, echoes, defaults."""

from __future__ import annotations

import http.client
import json
import re

import pytest

from langchain_openrouter_responses.emulator import (
    Reply,
    function_call_item,
    reasoning_item,
    text_item,
)
from langchain_openrouter_responses.emulator.model.oracle import HORROR_STORY
from tests.emulator.conftest import Client

PADDING = b"\n" + b" " * 9 + b"\n"


def test_json_body_is_padded_response_object(client: Client) -> None:
    item = text_item("Paris.")
    client.emu.queue(Reply([item]))

    answer = client.ask("Capital of France?")

    assert answer.status == 200
    assert answer.headers["content-type"] == "application/json"
    assert int(answer.headers["content-length"]) == len(answer.body)
    assert answer.body.startswith(PADDING * 5)
    assert answer.body[len(PADDING) * 5 : len(PADDING) * 5 + 1] == b"{"
    body = answer.json()
    assert body["object"] == "response"
    assert re.fullmatch(r"gen-\d{10}-[A-Za-z0-9]{20}", body["id"])
    assert body["status"] == "completed"
    assert body["model"] == "openai/gpt-4o-mini"
    assert body["output"] == [item]
    assert "output_text" not in body  # absent from today's recordings
    assert body["completed_at"] == body["created_at"]
    assert body["error"] is None
    assert body["incomplete_details"] is None
    expected_echo = {
        "tools": [],
        "tool_choice": "auto",
        "parallel_tool_calls": True,
        "metadata": {},
        "store": False,
        "service_tier": "auto",
        "previous_response_id": None,
        "instructions": None,
        "reasoning": None,
        "presence_penalty": 0,
        "frequency_penalty": 0,
        "top_logprobs": 0,
        "truncation": "disabled",
        "text": {"format": {"type": "text"}},
        "prompt_cache_options": None,
    }
    assert {key: body[key] for key in expected_echo} == expected_echo


def test_usage_is_computed_with_openrouter_extras(client: Client) -> None:
    client.emu.queue(Reply([reasoning_item(text="think it over"), text_item("one two three")]))

    usage = client.ask("a b c d").json()["usage"]

    assert usage["input_tokens"] == 4
    assert usage["output_tokens"] == 6
    assert usage["output_tokens_details"] == {"reasoning_tokens": 3}
    assert usage["input_tokens_details"] == {"cached_tokens": 0}
    assert usage["total_tokens"] == 10
    assert usage["cost"] == 0.0000042  # openai/gpt-4o-mini: 4 x $0.15/M in, 6 x $0.60/M out
    assert usage["is_byok"] is False
    details = usage["cost_details"]
    assert details["upstream_inference_cost"] is None
    assert details["upstream_inference_input_cost"] == 0.0000006
    assert details["upstream_inference_output_cost"] == 0.0000036


def test_request_fields_are_echoed(client: Client) -> None:
    tool = {"type": "function", "name": "get_weather", "parameters": {"type": "object"}}
    fields = {
        "instructions": "Be terse.",
        "temperature": 0.2,
        "top_p": 0.9,
        "max_output_tokens": 64,
        "metadata": {"run": "1"},
        "tools": [tool],
        "tool_choice": "none",
        "parallel_tool_calls": False,
        "reasoning": {"effort": "low"},
    }

    body = client.ask("Hi", **fields).json()

    assert {key: body[key] for key in fields} == fields


def test_scripted_usage_model_and_status_options(client: Client) -> None:
    usage = {"input_tokens": 1, "output_tokens": 2, "total_tokens": 3}
    client.emu.queue(
        Reply([text_item("x")], usage=usage, model="acme/other"),
        Reply([text_item("cut")], status="incomplete", incomplete_reason="max_output_tokens"),
        Reply([text_item("y")], omit_status=True),
    )

    first, second, third = (client.ask().json() for _ in range(3))

    assert first["usage"] == usage
    assert first["model"] == "acme/other"
    assert second["status"] == "incomplete"
    assert second["incomplete_details"] == {"reason": "max_output_tokens"}
    assert "status" not in third


def test_extra_headers_and_delay(client: Client) -> None:
    client.emu.queue(Reply([text_item("x")], headers={"X-Generation-Id": "gen-1"}, delay=0.05))

    answer = client.ask()

    assert answer.headers["x-generation-id"] == "gen-1"


def test_failed_and_truncated_json_bodies(client: Client) -> None:
    client.emu.queue(
        Reply([text_item("x")], fail_after=0, error_type="timeout", error_message="slow"),
        Reply([text_item("x" * 50)], fail_after=0, failure="truncate"),
    )

    failed = client.ask().json()
    truncated = client.ask()

    assert failed["status"] == "failed"
    assert failed["error"] == {"code": "server_error", "message": "slow"}
    assert failed["error_type"] == "timeout"
    assert truncated.status == 200
    with pytest.raises(json.JSONDecodeError):
        truncated.json()


def test_json_disconnect_sends_nothing(client: Client) -> None:
    client.emu.queue(Reply([text_item("x")], fail_after=0, failure="disconnect"))

    with pytest.raises(http.client.RemoteDisconnected):
        client.ask()


def test_default_reply_quotes_the_last_user_message(client: Client) -> None:
    history = [
        {"role": "user", "content": "first"},
        {"role": "assistant", "content": "ok"},
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]},
    ]

    body = client.ask(history).json()

    assert [item["type"] for item in body["output"]] == ["message"]
    assert body["output"][0]["content"][0]["text"] == 'Hello! You said: "Hi"'


def test_default_reply_tells_a_horror_story(client: Client) -> None:
    body = client.ask("Tell me a HORROR story").json()

    text = body["output"][0]["content"][0]["text"]
    assert text == HORROR_STORY
    assert text.count(". ") == 1


def test_default_reasoning_follows_the_model_family(client: Client) -> None:
    openai = client.ask(reasoning={"effort": "high", "summary": "auto"}).json()["output"][0]
    claude_body = {"model": "anthropic/claude-sonnet-4", "input": "Hi", "reasoning": {"enabled": True}}
    claude = client.post(claude_body).json()["output"][0]
    other = client.post({"model": "minimax/minimax-m3", "input": "Hi", "reasoning": {"max_tokens": 9}})

    assert openai["format"] == "openai-responses-v1"
    assert openai["encrypted_content"].startswith("gAAAAAB")
    assert "content" not in openai
    assert openai["summary"][0]["type"] == "summary_text"
    assert claude["format"] == "anthropic-claude-v1"
    assert claude["signature"]
    assert claude["content"][0]["type"] == "reasoning_text"
    assert other.json()["output"][0]["format"] == "unknown"


@pytest.mark.parametrize("reasoning", [None, {"effort": "none"}, {"enabled": False}])
def test_default_reply_without_reasoning(client: Client, reasoning: object) -> None:
    body = client.ask(reasoning=reasoning).json()

    assert [item["type"] for item in body["output"]] == ["message"]


def test_default_reply_is_deterministic_apart_from_ids(client: Client) -> None:
    first = client.ask("same", reasoning={"effort": "low"}).json()["output"]
    second = client.ask("same", reasoning={"effort": "low"}).json()["output"]

    assert first[0]["encrypted_content"] == second[0]["encrypted_content"]
    assert first[1]["content"] == second[1]["content"]
    assert first[1]["id"] != second[1]["id"]


def test_item_builders() -> None:
    text = text_item("t", phase="final_answer", annotations=[{"type": "url_citation"}])
    call = function_call_item("f", "{}")
    reasoning = reasoning_item(summary=["s"], encrypted_content="e", signature="g")

    assert text["phase"] == "final_answer"
    assert text["content"][0]["annotations"] == [{"type": "url_citation"}]
    assert re.fullmatch(r"msg_tmp_\d+", text["id"])
    number = call["id"].removeprefix("fc_tmp_")
    assert call["call_id"] == f"call_{number}"
    assert call["status"] == "completed"
    assert reasoning["summary"] == [{"type": "summary_text", "text": "s"}]
    assert "content" not in reasoning
    assert (reasoning["encrypted_content"], reasoning["signature"]) == ("e", "g")
    assert text_item("u", id="msg_1")["id"] == "msg_1"
