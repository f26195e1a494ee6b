"""`SettledAIMessageChunk`: a complete stream sum reads its tool calls as `invoke` does, and serialises as core's."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from langchain_core.load import dumpd, load
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    message_chunk_to_message,
    messages_from_dict,
    messages_to_dict,
)

from langchain_openrouter_responses._wire.items import ITEM_KEY
from langchain_openrouter_responses._wire.response import parse_tool_calls
from langchain_openrouter_responses._wire.settled import SettledAIMessageChunk


def call_item(arguments: str, call_id: str = "c1") -> dict[str, Any]:
    return {"type": "function_call", "id": f"fc_{call_id}", "call_id": call_id, "name": "pay", "arguments": arguments}


def final(arguments: str, *, streamed: str | None = None) -> SettledAIMessageChunk:
    """A stream's sum: the call's raw item, and the arguments the tool-call chunks carried."""
    block = {"type": "non_standard", "value": {ITEM_KEY: call_item(arguments)}, "index": 0}
    piece = {"name": "pay", "args": arguments if streamed is None else streamed, "id": "c1", "index": 0}
    return SettledAIMessageChunk(content=[block], tool_call_chunks=[piece], chunk_position="last")


@pytest.mark.parametrize("arguments", ['{"a": 1', "[1, 2]", "3", "null", '{"a": 1}', "", "{not json"])
def test_a_complete_call_is_read_as_invoke_reads_it(arguments: str) -> None:
    chunk = final(arguments)
    assert (chunk.tool_calls, chunk.invalid_tool_calls) == parse_tool_calls([call_item(arguments)])


def test_arguments_still_arriving_keep_cores_lenient_reading() -> None:
    chunk = final('{"a": 1, "b": 2}', streamed='{"a": 1')
    plain = AIMessageChunk(content=[], tool_call_chunks=chunk.tool_call_chunks)
    assert chunk.tool_calls == plain.tool_calls == [{"type": "tool_call", "name": "pay", "args": {"a": 1}, "id": "c1"}]


def test_a_chunk_before_the_end_is_not_settled() -> None:
    block = {"type": "non_standard", "value": {ITEM_KEY: call_item('{"a": 1')}, "index": 0}
    chunk = SettledAIMessageChunk(content=[block], tool_call_chunks=[{"name": "pay", "args": '{"a": 1', "id": "c1"}])
    assert chunk.tool_calls == [{"type": "tool_call", "name": "pay", "args": {"a": 1}, "id": "c1"}]


def test_summing_keeps_the_class_and_settles_at_the_end() -> None:
    opening = {"name": "pay", "args": '{"a"', "id": "c1", "index": 0}
    first = SettledAIMessageChunk(content=[], tool_call_chunks=[opening])
    last = SettledAIMessageChunk(
        content=[{"type": "non_standard", "value": {ITEM_KEY: call_item('{"a": 1')}, "index": 0}],
        tool_call_chunks=[{"name": None, "args": ": 1", "id": None, "index": 0}],
        chunk_position="last",
    )
    summed = first + last
    assert type(summed) is SettledAIMessageChunk
    assert summed.tool_calls == []
    assert [call["args"] for call in summed.invalid_tool_calls] == ['{"a": 1']


def test_it_serialises_as_cores_chunk() -> None:
    chunk = final('{"a": 1}')
    dumped = dumpd(chunk)
    assert dumped["id"] == ["langchain", "schema", "messages", "AIMessageChunk"]
    assert type(load(dumped)) is AIMessageChunk
    assert messages_to_dict([chunk])[0]["type"] == "AIMessageChunk"
    (restored,) = messages_from_dict(messages_to_dict([chunk]))
    assert restored.tool_calls == chunk.tool_calls
    assert pickle.loads(pickle.dumps(chunk)) == chunk  # noqa: S301 (our own bytes)


def test_a_settled_sum_converts_to_a_message_not_a_chunk() -> None:
    # Core converts a chunk into its class's first parent (invoke with streaming=True does).
    message = message_chunk_to_message(final('{"a": 1'))
    assert isinstance(message, AIMessage)
    assert not isinstance(message, AIMessageChunk)
    assert message.type == "ai"
    assert [call["args"] for call in message.invalid_tool_calls] == ['{"a": 1']
    assert dumpd(message)["id"] == ["langchain", "schema", "messages", "AIMessage"]
    assert final("{}").type == "AIMessageChunk"


def test_it_equals_cores_classes_with_the_same_fields() -> None:
    chunk = SettledAIMessageChunk(content=[{"type": "text", "text": "a", "index": 0}], id="r1")
    assert chunk == AIMessageChunk(content=[{"type": "text", "text": "a", "index": 0}], id="r1")
    assert AIMessageChunk(content=[{"type": "text", "text": "a", "index": 0}], id="r1") == chunk
    assert chunk != AIMessageChunk(content=[{"type": "text", "text": "b", "index": 0}], id="r1")
    message = message_chunk_to_message(chunk)
    assert message == AIMessage(content=[{"type": "text", "text": "a", "index": 0}], id="r1")
    assert message != chunk


def test_the_block_of_a_call_read_from_its_raw_item_wins_over_an_invalid_piece_with_its_id() -> None:
    # Two pieces share the call id: the one matching the raw item settles as a valid call, the
    # other as an invalid one; the v1 block of the call shows the valid call, as invoke would.
    pieces = [
        {"name": "pay", "args": '{"a": 1}', "id": "c1", "index": 1},
        {"name": "pay", "args": "[1, 2]", "id": "c1", "index": 2},
    ]
    raw = {"type": "non_standard", "value": {ITEM_KEY: call_item('{"a": 1}')}, "index": 0}
    chunk = SettledAIMessageChunk(
        content=[raw, *({"type": "tool_call_chunk", **piece} for piece in pieces)],
        tool_call_chunks=pieces,
        chunk_position="last",
        response_metadata={"output_version": "v1"},
    )
    assert chunk.tool_calls == [{"type": "tool_call", "name": "pay", "args": {"a": 1}, "id": "c1"}]
    assert [call["args"] for call in chunk.invalid_tool_calls] == ["[1, 2]"]
    assert chunk.content[1] == {"type": "tool_call", "id": "c1", "name": "pay", "args": {"a": 1}}
