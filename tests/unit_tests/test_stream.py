"""Stream events → chunks, driven by the recorded OpenRouter streams and by synthetic events."""

from __future__ import annotations

import json
from functools import reduce
from typing import Any

import pytest
from langchain_core.exceptions import (
    ContextOverflowError,
    ModelAPIError,
    ModelAuthenticationError,
    ModelRateLimitError,
)
from langchain_core.messages import AIMessageChunk

from langchain_openrouter_responses import OpenRouterError, OpenRouterStreamError
from langchain_openrouter_responses._wire.input import messages_to_input
from langchain_openrouter_responses._wire.response import response_to_message
from tests.unit_tests.conftest import StreamReader, fixture_bytes, sse_events, sse_names

TRUNCATED = {name for name in sse_names() if "truncated" in name}
COMPLETE = [name for name in sse_names() if name not in TRUNCATED]


def read_stream(data: bytes, step: int = 997) -> list[AIMessageChunk]:
    reader = StreamReader(request=None)
    chunks = []
    for start in range(0, len(data), step):
        chunks += reader.feed(data[start : start + step])
    reader.close()
    return [chunk.message for chunk in chunks]  # type: ignore[misc]


def aggregate(chunks: list[AIMessageChunk]) -> AIMessageChunk:
    return reduce(lambda left, right: left + right, chunks)


def completed_response(name: str) -> dict[str, Any]:
    terminal = [e for e in sse_events(name) if e["type"] in {"response.completed", "response.incomplete"}]
    assert len(terminal) == 1
    return terminal[0]["response"]


def sse(*events: dict[str, Any]) -> bytes:
    body = b"".join(b"data: " + json.dumps(event).encode() + b"\n\n" for event in events)
    return body + b"data: [DONE]\n\n"


def streamed_text(name: str) -> str:
    """The text the fixture's `output_text` delta events carry, in order."""
    return "".join(e["delta"] for e in sse_events(name) if e["type"] == "response.output_text.delta")


@pytest.mark.parametrize("name", COMPLETE)
def test_stream_aggregate_equals_the_non_streaming_conversion(name: str) -> None:
    chunks = read_stream(fixture_bytes(f"{name}.sse"))
    full = aggregate(chunks)
    expected = response_to_message(completed_response(name))
    # The final chunk fills in only what the deltas never carried, so it alone must not be where the text is.
    assert "".join(chunk.text for chunk in chunks[:-1]) == streamed_text(name)
    assert full.text == expected.text
    assert full.content_blocks == expected.content_blocks
    assert full.usage_metadata == expected.usage_metadata
    assert full.response_metadata["model_name"] == expected.response_metadata["model_name"]
    assert full.response_metadata["finish_reason"] == expected.response_metadata["finish_reason"]
    assert full.tool_calls == expected.tool_calls


@pytest.mark.parametrize("name", COMPLETE)
def test_usage_and_metadata_arrive_once_on_the_last_chunk(name: str) -> None:
    chunks = read_stream(fixture_bytes(f"{name}.sse"))
    assert chunks[-1].chunk_position == "last"
    assert [c.usage_metadata is not None for c in chunks].count(True) == 1
    assert chunks[-1].usage_metadata is not None
    assert [bool(c.response_metadata) for c in chunks].count(True) == 1
    full = aggregate(chunks)
    assert full.response_metadata["model_name"] == completed_response(name)["model"]
    assert full.response_metadata["model_provider"] == "openrouter_responses"


@pytest.mark.parametrize("name", COMPLETE)
def test_streamed_message_replays_the_completed_output_items(name: str) -> None:
    full = aggregate(read_stream(fixture_bytes(f"{name}.sse")))
    replayed = messages_to_input([full])
    output = completed_response(name)["output"]
    assert len(replayed) == len(output)
    for sent, received in zip(replayed, output, strict=True):
        if received["type"] == "function_call" and "id" not in received:
            # The only change: a missing function_call id is derived from call_id.
            assert sent.pop("id") == received["call_id"]
        assert json.dumps(sent) == json.dumps(received)


@pytest.mark.parametrize("step", [1, 13, 4096])
def test_chunk_boundaries_do_not_change_the_result(step: int) -> None:
    data = fixture_bytes("stream-reasoning-text-signature-claude-3.7-thinking.sse")
    reference = aggregate(read_stream(data, step=len(data)))
    assert aggregate(read_stream(data, step=step)).content == reference.content


def test_gpt_4o_mini_text_stream() -> None:
    chunks = read_stream(fixture_bytes("stream-text-gpt-4o-mini.sse"))
    full = aggregate(chunks)
    assert full.text == "Paris."
    assert [c.text for c in chunks if c.text] == ["Paris", "."]
    assert full.usage_metadata == {
        "input_tokens": 19,
        "output_tokens": 2,
        "total_tokens": 21,
        "input_token_details": {"cache_read": 0},
        "output_token_details": {"reasoning": 0},
    }
    assert full.response_metadata["cost"] == pytest.approx(0.00000405)
    assert full.response_metadata["is_byok"] is False
    assert full.response_metadata["finish_reason"] == "stop"
    assert full.id == "gen-1767766547-Swa6YBzg2sNZ0lUJTkPe"
    assert [b["type"] for b in full.content_blocks] == ["text"]


def test_many_deltas_make_one_text_block() -> None:
    chunks = read_stream(fixture_bytes("stream-text-many-deltas-claude-3.5-sonnet.sse"))
    assert len([c for c in chunks if c.text]) == 81
    full = aggregate(chunks)
    assert [b["type"] for b in full.content_blocks] == ["text"]
    assert full.text.startswith("The most recent SpaceX launch")


def test_encrypted_reasoning_is_kept_from_the_final_item() -> None:
    full = aggregate(read_stream(fixture_bytes("stream-reasoning-encrypted-content-gpt-5.6-sol.sse")))
    reasoning, text = full.content_blocks
    assert reasoning["type"] == "reasoning"
    assert "reasoning" not in reasoning  # nothing readable was sent
    item = reasoning["extras"]["item"]
    assert item["encrypted_content"].startswith("gAAAAA")
    assert item["format"] == "openai-responses-v1"
    assert text["type"] == "text"
    assert text["extras"]["item"]["phase"] == "final_answer"
    assert full.text.startswith("Two memory-safety bugs")
    assert full.usage_metadata is not None
    assert full.usage_metadata["output_token_details"] == {"reasoning": 135}
    assert full.usage_metadata["input_token_details"] == {"cache_read": 0, "cache_creation": 9172}


def test_reasoning_text_streams_as_reasoning_blocks() -> None:
    chunks = read_stream(fixture_bytes("stream-reasoning-text-minimax-m3.sse"))
    reasoning_deltas = [c for c in chunks if any(b.get("reasoning") for b in c.content_blocks)]
    assert len(reasoning_deltas) == 706
    full = aggregate(chunks)
    assert full.content_blocks[0]["reasoning"].startswith("The user is asking")
    assert full.content_blocks[0]["extras"]["item"]["format"] == "unknown"
    assert "The user is asking" not in full.text
    assert full.usage_metadata is not None
    assert full.usage_metadata["input_token_details"]["cache_read"] == 4736


def test_reasoning_id_and_signature_come_from_response_completed() -> None:
    chunks = read_stream(fixture_bytes("stream-reasoning-text-signature-claude-3.7-thinking.sse"))
    full = aggregate(chunks)
    reasoning = full.content_blocks[0]
    assert reasoning["id"] == "rs_tmp_nko7ahyvgxc"  # the streamed id was rs_tmp_klcbryreh8c
    assert reasoning["extras"]["item"]["signature"].startswith("ErkB")
    assert reasoning["extras"]["item"]["format"] == "anthropic-claude-v1"
    assert full.content_blocks[1]["type"] == "text"
    assert all("rs_tmp_klcbryreh8c" not in json.dumps(c.content) for c in chunks)


@pytest.mark.parametrize(
    ("name", "arguments"),
    [
        ("stream-tool-call-args-only-in-completed-claude", {"message": "Hello from the user"}),
        ("stream-tool-call-args-only-in-completed-claude-5th-call", {"message": "Hello from the assistant"}),
    ],
)
def test_tool_arguments_that_only_arrive_in_response_completed(name: str, arguments: dict[str, str]) -> None:
    full = aggregate(read_stream(fixture_bytes(f"{name}.sse")))
    assert len(full.tool_calls) == 1
    assert full.tool_calls[0]["name"] == "test_tool"
    assert full.tool_calls[0]["args"] == arguments
    assert full.tool_calls[0]["id"].startswith("toolu_vrtx_")
    assert full.response_metadata["finish_reason"] == "tool_calls"


@pytest.mark.parametrize("name", sorted(TRUNCATED))
def test_truncated_final_event_raises_after_the_chunks_already_read(name: str) -> None:
    data = fixture_bytes(f"{name}.sse")
    reader = StreamReader(request=None)
    yielded = []
    with pytest.raises(OpenRouterStreamError, match="not valid JSON") as caught:
        for line in data.split(b"\n\n"):
            yielded += reader.feed(line + b"\n\n")
        reader.close()
    assert yielded, "the events before the cut should have produced chunks"
    assert isinstance(caught.value, ModelAPIError)


# -- synthetic streams for shapes the recordings do not contain -------------------


def _response(output: list[dict[str, Any]], status: str = "completed", **extra: Any) -> dict[str, Any]:
    usage = {"input_tokens": 3, "output_tokens": 5, "total_tokens": 8, "cost": 0.001}
    return {"id": "gen-1", "model": "openai/o4-mini", "status": status, "output": output, "usage": usage, **extra}


SUMMARY_ITEM = {
    "id": "rs_1",
    "type": "reasoning",
    "summary": [{"type": "summary_text", "text": "First part."}, {"type": "summary_text", "text": "Second."}],
    "encrypted_content": "gAAAA-opaque",
    "format": "openai-responses-v1",
}
MESSAGE_ITEM = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "status": "completed",
    "content": [{"type": "output_text", "text": "Answer.", "annotations": []}],
}


def test_reasoning_summary_deltas_stream_and_join_parts() -> None:
    events = [
        {
            "type": "response.output_item.added",
            "output_index": 0,
            "item": {"id": "rs_1", "type": "reasoning", "summary": []},
        },
        {"type": "response.reasoning_summary_part.added", "output_index": 0, "item_id": "rs_1", "summary_index": 0},
        {
            "type": "response.reasoning_summary_text.delta",
            "output_index": 0,
            "item_id": "rs_1",
            "summary_index": 0,
            "delta": "First ",
        },
        {
            "type": "response.reasoning_summary_text.delta",
            "output_index": 0,
            "item_id": "rs_1",
            "summary_index": 0,
            "delta": "part.",
        },
        {
            "type": "response.reasoning_summary_text.delta",
            "output_index": 0,
            "item_id": "rs_1",
            "summary_index": 1,
            "delta": "Second.",
        },
        {"type": "response.output_item.done", "output_index": 0, "item": SUMMARY_ITEM},
        {
            "type": "response.output_text.delta",
            "output_index": 1,
            "item_id": "msg_1",
            "content_index": 0,
            "delta": "Answer.",
        },
        {"type": "response.completed", "response": _response([SUMMARY_ITEM, MESSAGE_ITEM])},
    ]
    chunks = read_stream(sse(*events))
    streamed = [b["reasoning"] for c in chunks for b in c.content_blocks if b.get("reasoning")]
    assert streamed == ["First ", "part.", "\n\nSecond."]
    full = aggregate(chunks)
    assert full.content_blocks[0]["reasoning"] == "First part.\n\nSecond."
    assert full.content_blocks == response_to_message(_response([SUMMARY_ITEM, MESSAGE_ITEM])).content_blocks


def test_summary_sent_only_in_the_final_item_is_filled_in() -> None:
    events = [
        {
            "type": "response.output_item.added",
            "output_index": 0,
            "item": {"id": "rs_1", "type": "reasoning", "summary": []},
        },
        {"type": "response.output_item.done", "output_index": 0, "item": SUMMARY_ITEM},
        {"type": "response.completed", "response": _response([SUMMARY_ITEM, MESSAGE_ITEM])},
    ]
    full = aggregate(read_stream(sse(*events)))
    assert full.content_blocks[0]["reasoning"] == "First part.\n\nSecond."
    assert full.text == "Answer."


def test_items_finishing_out_of_order_keep_output_order() -> None:
    reasoning = {
        "id": "rs_1",
        "type": "reasoning",
        "summary": [],
        "content": [{"type": "reasoning_text", "text": "Think."}],
    }
    events = [
        {
            "type": "response.output_item.added",
            "output_index": 0,
            "item": {"id": "rs_1", "type": "reasoning", "summary": []},
        },
        {
            "type": "response.reasoning_text.delta",
            "output_index": 0,
            "item_id": "rs_1",
            "content_index": 0,
            "delta": "Think",
        },
        {
            "type": "response.output_item.added",
            "output_index": 1,
            "item": {"id": "msg_1", "type": "message", "content": []},
        },
        {
            "type": "response.content_part.added",
            "output_index": 1,
            "item_id": "msg_1",
            "content_index": 0,
            "part": {"type": "output_text", "text": ""},
        },
        {
            "type": "response.output_text.delta",
            "output_index": 1,
            "item_id": "msg_1",
            "content_index": 0,
            "delta": "Answer.",
        },
        {"type": "response.output_item.done", "output_index": 1, "item": MESSAGE_ITEM},
        {
            "type": "response.reasoning_text.delta",
            "output_index": 0,
            "item_id": "rs_1",
            "content_index": 0,
            "delta": ".",
        },
        {"type": "response.output_item.done", "output_index": 0, "item": reasoning},
        {"type": "response.some_future_event", "payload": {"x": 1}},
        {"type": "response.completed", "response": _response([reasoning, MESSAGE_ITEM])},
    ]
    full = aggregate(read_stream(sse(*events)))
    assert [b["type"] for b in full.content_blocks] == ["reasoning", "text"]
    assert full.content_blocks[0]["reasoning"] == "Think."
    assert full.text == "Answer."


def test_interleaved_function_calls_keep_stable_indexes() -> None:
    calls = [
        {
            "type": "function_call",
            "id": f"fc_{n}",
            "call_id": f"call_{n}",
            "name": name,
            "arguments": args,
            "status": "completed",
        }
        for n, name, args in [(1, "add", '{"a": 1}'), (2, "mul", '{"b": 2}')]
    ]
    added = [dict(c, arguments="", status="in_progress") for c in calls]
    events = [
        {"type": "response.output_item.added", "output_index": 0, "item": added[0]},
        {"type": "response.output_item.added", "output_index": 1, "item": added[1]},
        {"type": "response.function_call_arguments.delta", "output_index": 0, "item_id": "fc_1", "delta": ""},
        {"type": "response.function_call_arguments.delta", "output_index": 0, "item_id": "fc_1", "delta": '{"a": '},
        {"type": "response.function_call_arguments.delta", "output_index": 1, "item_id": "fc_2", "delta": '{"b": 2}'},
        {"type": "response.function_call_arguments.delta", "output_index": 0, "item_id": "fc_1", "delta": "1}"},
        {"type": "response.completed", "response": _response(calls)},
    ]
    chunks = read_stream(sse(*events))
    indexes = {c.tool_call_chunks[0]["index"] for c in chunks if c.tool_call_chunks}
    assert indexes == {0, 1}
    full = aggregate(chunks)
    assert full.tool_calls == [
        {"name": "add", "args": {"a": 1}, "id": "call_1", "type": "tool_call"},
        {"name": "mul", "args": {"b": 2}, "id": "call_2", "type": "tool_call"},
    ]
    assert messages_to_input([full]) == calls


def test_response_incomplete_finishes_with_length() -> None:
    response = _response([MESSAGE_ITEM], status="incomplete", incomplete_details={"reason": "max_output_tokens"})
    full = aggregate(read_stream(sse({"type": "response.incomplete", "response": response})))
    assert full.response_metadata["finish_reason"] == "length"
    assert full.response_metadata["status"] == "incomplete"
    assert full.text == "Answer."


@pytest.mark.parametrize(
    ("event", "error_class", "text"),
    [
        (
            {
                "type": "response.failed",
                "response": {
                    "status": "failed",
                    "error": {"code": "server_error", "message": "Internal server error"},
                    "error_type": "server",
                },
            },
            ModelAPIError,
            "Internal server error",
        ),
        (
            {
                "type": "error",
                "code": "rate_limit_exceeded",
                "message": "Rate limit exceeded. Please try again later.",
                "param": None,
            },
            ModelRateLimitError,
            "Rate limit exceeded",
        ),
        (
            {"type": "error", "error": {"code": "invalid_api_key", "message": "Invalid API key provided"}},
            ModelAuthenticationError,
            "Invalid API key provided",
        ),
        (
            {"type": "response.error", "error": {"code": "rate_limit_exceeded", "message": "Slow down"}},
            ModelRateLimitError,
            "Slow down",
        ),
        (
            {
                "type": "response.failed",
                "response": {
                    "status": "failed",
                    "error": {"code": "invalid_prompt", "message": "too long"},
                    "error_type": "context_length_exceeded",
                },
            },
            ContextOverflowError,
            "too long",
        ),
    ],
)
def test_failure_events_raise_typed_errors_after_earlier_chunks(
    event: dict[str, Any], error_class: type[Exception], text: str
) -> None:
    delta = {"type": "response.output_text.delta", "output_index": 0, "item_id": "m", "content_index": 0, "delta": "Hi"}
    reader = StreamReader(request=None)
    first = list(reader.feed(b"data: " + json.dumps(delta).encode() + b"\n\n"))
    assert [c.text for c in first] == ["Hi"]
    with pytest.raises(error_class, match=text) as caught:
        list(reader.feed(b"data: " + json.dumps(event).encode() + b"\n\n"))
    assert isinstance(caught.value, OpenRouterError)
    assert caught.value.openrouter_message == text or text in caught.value.openrouter_message


@pytest.mark.parametrize(
    ("event", "error_class"),
    [
        (
            {
                "type": "error",
                "error": {
                    "code": "server_error",
                    "message": "x",
                    "metadata": {"error_type": "context_length_exceeded"},
                },
            },
            ContextOverflowError,
        ),
        (
            {"type": "error", "code": "server_error", "message": "x", "error_type": "authentication"},
            ModelAuthenticationError,
        ),
        (
            {
                "type": "response.failed",
                "response": {"error": {"code": "server_error", "message": "x"}, "error_type": "rate_limit_exceeded"},
            },
            ModelRateLimitError,
        ),
    ],
)
def test_error_type_picks_the_class_of_stream_failures(event: dict[str, Any], error_class: type[Exception]) -> None:
    with pytest.raises(error_class) as caught:
        list(StreamReader(request=None).feed(sse(event)))
    assert caught.value.error_type  # type: ignore[attr-defined]


def test_stream_without_terminal_event_is_an_error() -> None:
    delta = {"type": "response.output_text.delta", "output_index": 0, "item_id": "m", "content_index": 0, "delta": "Hi"}
    reader = StreamReader(request=None)
    list(reader.feed(b"data: " + json.dumps(delta).encode() + b"\n\n"))
    with pytest.raises(OpenRouterStreamError, match="before a response.completed"):
        reader.close()


def test_events_after_the_terminal_event_are_ignored() -> None:
    data = sse({"type": "response.completed", "response": _response([MESSAGE_ITEM])})
    data += b"data: {not json\n\n"
    assert aggregate(read_stream(data)).text == "Answer."


def test_chunks_decoded_in_the_same_read_as_a_failure_are_yielded_first() -> None:
    delta = {"type": "response.output_text.delta", "output_index": 0, "item_id": "m", "content_index": 0, "delta": "Hi"}
    failure = {"type": "error", "code": "server_error", "message": "boom"}
    data = b"".join(b"data: " + json.dumps(event).encode() + b"\n\n" for event in (delta, failure))
    received = []
    with pytest.raises(OpenRouterStreamError, match="boom"):
        received.extend(StreamReader(request=None).feed(data))
    assert [chunk.text for chunk in received] == ["Hi"]


def test_reasoning_text_then_summary_in_one_item_matches_invoke() -> None:
    item = {
        "id": "rs_9",
        "type": "reasoning",
        "content": [{"type": "reasoning_text", "text": "Think"}],
        "summary": [{"type": "summary_text", "text": "A"}, {"type": "summary_text", "text": "B"}],
    }
    base = {"output_index": 0, "item_id": "rs_9"}
    events = [
        {
            "type": "response.output_item.added",
            "output_index": 0,
            "item": {"id": "rs_9", "type": "reasoning", "summary": []},
        },
        {"type": "response.reasoning_text.delta", **base, "content_index": 0, "delta": "Think"},
        {"type": "response.reasoning_summary_text.delta", **base, "summary_index": 0, "delta": "A"},
        {"type": "response.reasoning_summary_text.delta", **base, "summary_index": 1, "delta": ""},
        {"type": "response.reasoning_summary_text.delta", **base, "summary_index": 1, "delta": "B"},
        {"type": "response.completed", "response": _response([item, MESSAGE_ITEM])},
    ]
    chunks = read_stream(sse(*events))
    full = aggregate(chunks)
    expected = response_to_message(_response([item, MESSAGE_ITEM]))
    assert full.content_blocks[0]["reasoning"] == "Think\n\nA\n\nB"
    assert aggregate(chunks[:-1]).content_blocks[0]["reasoning"] == "Think\n\nA\n\nB", "the deltas alone carry it"
    assert full.content_blocks == expected.content_blocks


@pytest.mark.parametrize(
    "event",
    [
        {"type": "response.output_text.delta", "output_index": 0, "item_id": "m", "delta": 5},
        {"type": "response.output_item.added", "output_index": 0, "item": "not an object"},
        {"type": "response.completed", "response": {"output": [None]}},
    ],
)
def test_events_with_unexpected_shapes_raise_the_stream_error(event: dict[str, Any]) -> None:
    with pytest.raises(OpenRouterStreamError, match="unexpected shape"):
        list(StreamReader(request=None).feed(sse(event)))


@pytest.mark.parametrize("name", COMPLETE)
def test_every_chunks_text_blocks_carry_their_text(name: str) -> None:
    for chunk in read_stream(fixture_bytes(f"{name}.sse")):
        for block in chunk.content_blocks:
            if block["type"] == "text":
                assert isinstance(block["text"], str)
