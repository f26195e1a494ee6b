"""Response bodies → AIMessage (pure conversion), driven by the recorded JSON bodies."""

from __future__ import annotations

from typing import Any

import pytest

from langchain_openrouter_responses._wire.response import (
    finish_reason,
    response_metadata,
    response_to_message,
    usage_metadata,
)
from tests.unit_tests.conftest import FIXTURES, fixture_json

JSON_FIXTURES = sorted(p.name for p in FIXTURES.glob("json-*.response.json"))


@pytest.mark.parametrize("name", JSON_FIXTURES)
def test_recorded_bodies_convert(name: str) -> None:
    response = fixture_json(name)
    message = response_to_message(response)
    texts = [
        part["text"]
        for item in response["output"]
        if item["type"] == "message"
        for part in item["content"]
        if part["type"] == "output_text"
    ]
    assert message.text == "".join(texts)
    assert message.id == response["id"]
    assert message.response_metadata["model_name"] == response["model"]
    assert message.response_metadata["status"] == "completed"  # no top-level status in these bodies
    assert message.usage_metadata is not None
    assert message.usage_metadata["total_tokens"] == response["usage"]["total_tokens"]
    assert message.response_metadata["cost"] == response["usage"]["cost"]


def test_incomplete_message_next_to_a_tool_call_is_a_tool_call_turn() -> None:
    message = response_to_message(fixture_json("json-tool-call-with-incomplete-message-claude.response.json"))
    assert message.response_metadata["finish_reason"] == "tool_calls"
    assert message.text.startswith("I'll send an SMS")
    assert [call["name"] for call in message.tool_calls] == ["sendSMS"]
    assert message.tool_calls[0]["args"]["to"] == "808-999-2345"


def test_invalid_tool_arguments_become_invalid_tool_calls() -> None:
    item = {"type": "function_call", "id": "fc_1", "call_id": "c1", "name": "f", "arguments": "{not json"}
    message = response_to_message({"id": "g", "model": "m", "status": "completed", "output": [item]})
    assert message.tool_calls == []
    assert message.invalid_tool_calls[0]["args"] == "{not json"
    assert message.invalid_tool_calls[0]["id"] == "c1"


@pytest.mark.parametrize(
    ("status", "details", "has_calls", "expected"),
    [
        ("completed", None, False, "stop"),
        ("completed", None, True, "tool_calls"),
        ("incomplete", {"reason": "max_output_tokens"}, False, "length"),
        ("incomplete", {"reason": "content_filter"}, False, "content_filter"),
    ],
)
def test_finish_reasons(status: str, details: Any, has_calls: bool, expected: str) -> None:
    assert finish_reason(status, details, has_calls) == expected


def test_missing_status_with_incomplete_details_is_incomplete() -> None:
    response = {"id": "g", "model": "m", "output": [], "incomplete_details": {"reason": "max_output_tokens"}}
    metadata = response_to_message(response).response_metadata
    assert (metadata["status"], metadata["finish_reason"]) == ("incomplete", "length")


def test_usage_casts_floats_and_fills_total() -> None:
    usage = usage_metadata(
        {
            "input_tokens": 10.0,
            "output_tokens": 4,
            "input_tokens_details": {"cached_tokens": 6, "cache_write_tokens": 2},
            "output_tokens_details": {"reasoning_tokens": 3.0},
        }
    )
    assert usage == {
        "input_tokens": 10,
        "output_tokens": 4,
        "total_tokens": 14,
        "input_token_details": {"cache_read": 6, "cache_creation": 2},
        "output_token_details": {"reasoning": 3},
    }
    assert usage_metadata(None) is None


@pytest.mark.parametrize("key", ["server_tool_use", "server_tool_use_details"])
def test_server_tool_use_is_read_under_either_name(key: str) -> None:
    usage = {"input_tokens": 5, "output_tokens": 2, "total_tokens": 7, key: {"web_search_requests": 2.0}}
    metadata = response_metadata({"id": "r", "status": "completed", "usage": usage}, has_tool_calls=False)
    assert metadata["web_search_requests"] == 2
    assert metadata["server_tool_use_details"] == {"web_search_requests": 2.0}


def test_the_specs_server_tool_use_details_win_over_the_prose_docs_name() -> None:
    counts = {
        "server_tool_use": {"web_search_requests": 1, "x": 1},
        "server_tool_use_details": {"web_search_requests": 2},
    }
    usage = {"input_tokens": 5, "output_tokens": 2, "total_tokens": 7, **counts}
    metadata = response_metadata({"id": "r", "status": "completed", "usage": usage}, has_tool_calls=False)
    assert metadata["server_tool_use_details"] == {"web_search_requests": 2, "x": 1}
    assert metadata["web_search_requests"] == 2


def test_no_server_tool_use_adds_nothing() -> None:
    metadata = response_metadata({"id": "r", "status": "completed", "usage": {"input_tokens": 1}}, has_tool_calls=False)
    assert "web_search_requests" not in metadata
    assert "server_tool_use_details" not in metadata


def test_a_body_without_status_that_carries_an_error_is_failed() -> None:
    response = {"id": "gen", "output": [], "error": {"code": "server_error", "message": "boom"}}
    metadata = response_metadata(response, has_tool_calls=False)
    assert metadata["status"] == "failed"
    assert metadata["finish_reason"] == "failed"
    assert metadata["error"] == response["error"]


def test_annotations_other_than_url_citations_stay_non_standard() -> None:
    file_citation = {"type": "file_citation", "file_id": "file-1", "index": 3}
    url = {"type": "url_citation", "url": "https://a.example", "title": "A", "start_index": 0, "end_index": 4}
    part = {"type": "output_text", "text": "Text", "annotations": [file_citation, "odd", url]}
    message = response_to_message({"id": "gen", "output": [{"type": "message", "content": [part]}]})
    assert message.content_blocks[0]["annotations"] == [  # type: ignore[typeddict-item]
        {"type": "non_standard_annotation", "value": file_citation},
        {"type": "non_standard_annotation", "value": "odd"},
        {"type": "citation", "url": "https://a.example", "title": "A", "start_index": 0, "end_index": 4},
    ]


def calls_of(*items: dict[str, Any]) -> Any:
    message = response_to_message({"id": "g", "model": "m", "status": "completed", "output": list(items)})
    return message.tool_calls, message.invalid_tool_calls


def test_tool_call_arguments_and_names() -> None:
    # No arguments mean no arguments; no name is an empty name; control characters inside strings
    # (models send raw newlines) are accepted as OpenAI's own parser accepts them.
    calls, invalid = calls_of(
        {"type": "function_call", "call_id": "c1", "name": "ping"},
        {"type": "function_call", "call_id": "c2", "arguments": '{"text": "a\nb"}'},
    )
    assert invalid == []
    assert calls == [
        {"type": "tool_call", "name": "ping", "args": {}, "id": "c1"},
        {"type": "tool_call", "name": "", "args": {"text": "a\nb"}, "id": "c2"},
    ]


def test_tool_arguments_that_are_not_a_json_object_are_invalid_calls() -> None:
    calls, invalid = calls_of(
        {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{not json"},
        {"type": "function_call", "call_id": "c2", "name": "g", "arguments": "[1, 2]"},
    )
    assert calls == []
    assert invalid[0]["error"].startswith("Expecting property name enclosed in double quotes")
    assert invalid == [
        {"type": "invalid_tool_call", "name": "f", "args": "{not json", "id": "c1", "error": invalid[0]["error"]},
        {
            "type": "invalid_tool_call",
            "name": "g",
            "args": "[1, 2]",
            "id": "c2",
            "error": "tool arguments are not a JSON object",
        },
    ]


def test_reasoning_parts_without_text_are_left_out() -> None:
    summary = [{"type": "summary_text", "text": ""}, {"type": "summary_text"}, {"type": "summary_text", "text": "B"}]
    message = response_to_message({"id": "g", "output": [{"id": "rs", "type": "reasoning", "summary": summary}]})
    assert message.content_blocks[0]["reasoning"] == "B"  # type: ignore[typeddict-item]


def test_usage_without_some_counts_reads_them_as_zero() -> None:
    assert usage_metadata({"input_tokens": 3, "output_tokens": None}) == {
        "input_tokens": 3,
        "output_tokens": 0,
        "total_tokens": 3,
    }


def test_message_parts_without_their_text_and_parts_that_are_not_objects() -> None:
    content = ["odd", {"type": "output_text"}, {"type": "refusal"}, {"type": "unknown_part"}]
    message = response_to_message({"id": "g", "output": [{"type": "message", "content": content}]})
    blocks = [block for block in message.content if isinstance(block, dict)]
    assert [(block["type"], block.get("text", block.get("refusal"))) for block in blocks] == [
        ("text", ""),
        ("refusal", ""),
    ]


@pytest.mark.parametrize("content", [[], [{"type": "unknown_part"}]], ids=["empty", "unknown-parts"])
def test_a_message_without_text_or_refusal_stays_non_standard(content: list[Any]) -> None:
    item = {"id": "msg_1", "type": "message", "content": content}
    message = response_to_message({"id": "g", "output": [item]})
    assert message.content == [{"type": "non_standard", "value": {"item": item}, "index": 0}]
