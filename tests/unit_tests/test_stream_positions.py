"""Stream events without output_index, and arguments sent with the item (found by mutation testing, issue 12)."""

from __future__ import annotations

from tests.unit_tests.test_stream_events import aggregate, completed, run

REASONING = {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "e"}
CALL = {"type": "function_call", "id": "fc_1", "call_id": "c1", "name": "f", "arguments": "{}", "status": "completed"}


def test_items_announced_without_output_index_take_their_arrival_position() -> None:
    events = [
        {"type": "response.output_item.added", "item": dict(REASONING)},
        {"type": "response.output_item.added", "item": {**CALL, "arguments": "", "status": "in_progress"}},
        {"type": "response.function_call_arguments.delta", "item_id": "fc_1", "delta": "{}"},
        completed(REASONING, CALL),
    ]
    message = aggregate(run(events))
    assert message.content == [
        {"type": "reasoning", "index": 0, "id": "rs_1", "extras": {"item": REASONING}},
        {"type": "non_standard", "value": {"item": CALL}, "index": 1},
    ]
    assert message.tool_call_chunks == [{"name": "f", "args": "{}", "id": "c1", "index": 1, "type": "tool_call_chunk"}]


def test_arguments_sent_with_the_announced_call_are_its_first_chunk() -> None:
    (chunk,) = run(
        [{"type": "response.output_item.added", "output_index": 0, "item": {**CALL, "arguments": '{"a": 1}'}}]
    )
    assert chunk.tool_call_chunks == [
        {"name": "f", "args": '{"a": 1}', "id": "c1", "index": 0, "type": "tool_call_chunk"}
    ]


def test_an_announced_items_output_index_wins_over_its_arrival_order() -> None:
    events = [
        {
            "type": "response.output_item.added",
            "output_index": 1,
            "item": {**CALL, "arguments": "", "status": "in_progress"},
        },
        completed(REASONING, CALL),
    ]
    message = aggregate(run(events))
    assert [block["type"] for block in message.content] == ["reasoning", "non_standard"]  # type: ignore[index]
    assert message.tool_call_chunks == [{"name": "f", "args": "{}", "id": "c1", "index": 0, "type": "tool_call_chunk"}]


def test_a_delta_naming_neither_item_nor_output_index_belongs_to_output_zero() -> None:
    events = [
        {
            "type": "response.output_item.added",
            "output_index": 0,
            "item": {"type": "message", "id": "msg_1", "content": []},
        },
        {
            "type": "response.content_part.added",
            "output_index": 0,
            "item_id": "msg_1",
            "content_index": 0,
            "part": {"type": "output_text", "text": ""},
        },
        {"type": "response.output_text.delta", "delta": "hi"},
    ]
    assert aggregate(run(events)).content == [{"type": "text", "text": "hi", "index": 0}]
