"""`StreamState` keeps every item's place: blocks of the summed stream come in output order, as in `invoke`."""

from __future__ import annotations

from functools import reduce
from typing import Any

from langchain_core.messages import AIMessageChunk

from langchain_openrouter_responses._wire.response import response_to_message
from langchain_openrouter_responses._wire.stream import StreamState

MCP = {"type": "mcp_call", "id": "mcp_0", "name": "search", "arguments": "{}", "output": "found"}
MESSAGE = {
    "type": "message",
    "id": "msg_1",
    "role": "assistant",
    "status": "completed",
    "content": [{"type": "output_text", "text": "Hello", "annotations": []}],
}
AT_MESSAGE = {"output_index": 1, "item_id": "msg_1", "content_index": 0}


def summed(events: list[dict[str, Any]]) -> AIMessageChunk:
    state = StreamState()
    chunks = [chunk for chunk in map(state.handle, events) if chunk is not None]
    return reduce(lambda left, right: left + right, chunks)


def completed(*output: dict[str, Any]) -> dict[str, Any]:
    return {"type": "response.completed", "response": {"id": "gen", "status": "completed", "output": list(output)}}


def message_events() -> list[dict[str, Any]]:
    return [
        {"type": "response.output_item.added", "output_index": 1, "item": {**MESSAGE, "content": []}},
        {"type": "response.content_part.added", **AT_MESSAGE, "part": {"type": "output_text", "text": ""}},
        {"type": "response.output_text.delta", **AT_MESSAGE, "delta": "Hello"},
        {"type": "response.output_item.done", "output_index": 1, "item": MESSAGE},
    ]


def test_an_item_only_output_item_done_carries_keeps_its_place() -> None:
    events = [{"type": "response.output_item.done", "output_index": 0, "item": MCP}, *message_events()]
    final = completed(MCP, MESSAGE)
    assert summed([*events, final]).content == response_to_message(final["response"]).content


def test_an_announced_unknown_item_keeps_its_place() -> None:
    added = {"type": "response.output_item.added", "output_index": 0, "item": {"type": "mcp_call", "id": "mcp_0"}}
    final = completed(MCP, MESSAGE)
    assert summed([added, *message_events(), final]).content == response_to_message(final["response"]).content


def test_a_message_only_output_item_done_carries_keeps_its_place() -> None:
    reasoning = {"type": "reasoning", "id": "rs_0", "summary": [{"type": "summary_text", "text": "Hm"}]}
    events = [
        {"type": "response.output_item.done", "output_index": 0, "item": MESSAGE},
        {"type": "response.output_item.added", "output_index": 1, "item": {**reasoning, "summary": []}},
        {"type": "response.reasoning_summary_text.delta", "output_index": 1, "item_id": "rs_0", "delta": "Hm"},
    ]
    final = completed(MESSAGE, reasoning)
    assert summed([*events, final]).content_blocks == response_to_message(final["response"]).content_blocks


BLOCKED = {
    "type": "openrouter:armor_blocked",
    "id": "ab_0",
    "status": "completed",
    "call_id": "call_rm",
    "name": "shell",
    "arguments": '{"cmd": "rm -rf /"}',
    "rule": "destructive-commands",
    "message": "Refused: destructive command.",
}
CUSTOM = {"type": "custom_tool_call", "id": "ctc_1", "call_id": "call_p", "name": "apply_patch", "input": "patch"}


def test_a_blocked_call_announced_without_its_done_keeps_its_place() -> None:
    # Armor's item arrives finished; a stream need not repeat it in output_item.done.
    added = {"type": "response.output_item.added", "output_index": 0, "item": BLOCKED}
    final = completed(BLOCKED, MESSAGE)
    assert summed([added, *message_events(), final]).content == response_to_message(final["response"]).content


def test_a_custom_call_announced_ahead_of_an_earlier_item_does_not_jump_the_queue() -> None:
    # The custom call (output 1) is announced before the message (output 0) finishes, as a function call may be.
    message = {**MESSAGE, "id": "msg_0"}
    at_message = {"output_index": 0, "item_id": "msg_0", "content_index": 0}
    events = [
        {"type": "response.output_item.added", "output_index": 0, "item": {**message, "content": []}},
        {"type": "response.output_item.added", "output_index": 1, "item": {**CUSTOM, "input": ""}},
        {"type": "response.content_part.added", **at_message, "part": {"type": "output_text", "text": ""}},
        {"type": "response.output_text.delta", **at_message, "delta": "Hello"},
        {"type": "response.output_item.done", "output_index": 0, "item": message},
        {"type": "response.output_item.done", "output_index": 1, "item": CUSTOM},
    ]
    final = completed(message, CUSTOM)
    streamed = summed([*events, final])
    invoked = response_to_message(final["response"])
    assert [block["type"] for block in streamed.content] == [block["type"] for block in invoked.content]
    assert streamed.tool_calls == invoked.tool_calls
