"""Standard blocks of this package's messages and chunks at their edges (found by mutation testing, issue 12)."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, AIMessageChunk, block_translators

from langchain_openrouter_responses._wire.input import ai_message_to_items
from langchain_openrouter_responses._wire.response import MODEL_PROVIDER, PROVIDER, response_to_message
from langchain_openrouter_responses._wire.translator import register, translate_content, translate_content_chunk

MESSAGE = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "status": "completed",
    "content": [{"type": "output_text", "text": "a", "annotations": []}],
}


def _received(*items: dict[str, Any]) -> AIMessage:
    return response_to_message({"id": "gen", "model": "m", "output": list(items)})


def test_a_call_with_bad_arguments_is_an_invalid_tool_call_block_keeping_its_item() -> None:
    item = {
        "type": "function_call",
        "id": "fc_1",
        "call_id": "c1",
        "name": "f",
        "arguments": "{bad",
        "status": "completed",
    }
    message = _received(item)
    (bad,) = message.invalid_tool_calls
    assert translate_content(message) == [{"type": "invalid_tool_call", **bad, "extras": {"item": item}}]


def test_tool_calls_added_by_hand_come_after_the_content() -> None:
    message = AIMessage(content=_received(MESSAGE).content, tool_calls=[{"id": "c9", "name": "g", "args": {"x": 1}}])
    blocks = translate_content(message)
    assert blocks[1:] == [{"type": "tool_call", "id": "c9", "name": "g", "args": {"x": 1}}]


@pytest.mark.parametrize(
    "content", [[{"type": "text", "text": "a"}], ["plain", {"type": "text", "text": "a", "extras": {"item": MESSAGE}}]]
)
def test_content_this_package_did_not_produce_is_left_to_core(content: list[Any]) -> None:
    with pytest.raises(NotImplementedError):
        translate_content(AIMessage(content))


def test_a_chunk_with_only_call_pieces_gives_their_chunk_blocks() -> None:
    piece = {"name": "f", "args": "{}", "id": "c1", "index": 1}
    chunk = AIMessageChunk(content="", tool_call_chunks=[piece])
    assert translate_content_chunk(chunk) == [{"type": "tool_call_chunk", **piece}]


def test_a_chunk_with_plain_text_and_call_pieces_keeps_both() -> None:
    piece = {"name": "f", "args": "{}", "id": "c1", "index": 0}
    chunk = AIMessageChunk(content=[{"type": "text", "text": "a", "index": 0}], tool_call_chunks=[piece])
    assert translate_content_chunk(chunk) == [
        {"type": "text", "text": "a", "index": 0},
        {"type": "tool_call_chunk", **piece},
    ]


def test_a_last_chunk_piece_without_a_name_stays_a_chunk() -> None:
    piece = {"name": None, "args": "{}", "id": "c1", "index": 0}
    chunk = AIMessageChunk(content="", tool_call_chunks=[piece], chunk_position="last")
    assert translate_content_chunk(chunk) == [{"type": "tool_call_chunk", **piece}]


def test_registration_claims_the_old_key_only_while_it_is_free(monkeypatch: pytest.MonkeyPatch) -> None:
    ours = {"translate_content": translate_content, "translate_content_chunk": translate_content_chunk}
    monkeypatch.setattr(block_translators, "PROVIDER_TRANSLATORS", {})
    register()
    assert {MODEL_PROVIDER: ours, PROVIDER: ours} == block_translators.PROVIDER_TRANSLATORS
    other = {"translate_content": len, "translate_content_chunk": len}
    monkeypatch.setattr(block_translators, "PROVIDER_TRANSLATORS", {PROVIDER: other})
    register()
    assert {PROVIDER: other, MODEL_PROVIDER: ours} == block_translators.PROVIDER_TRANSLATORS


def test_a_call_piece_merges_with_the_function_call_block_of_its_index() -> None:
    item = {"type": "function_call", "id": "fc_1", "call_id": "c1", "name": "f", "arguments": ""}
    piece = {"name": "f", "args": "", "id": "c1", "index": 1}
    chunk = AIMessageChunk(
        content=[{"type": "non_standard", "value": {"item": item}, "index": 1}], tool_call_chunks=[piece]
    )
    assert translate_content_chunk(chunk) == [{"type": "tool_call_chunk", **piece, "extras": {"item": item}}]


CALL = {
    "type": "function_call",
    "id": "fc_1",
    "call_id": "c1",
    "name": "f",
    "arguments": '{"x": 1}',
    "status": "completed",
}


def _rebuilt(message: AIMessage, **changes: Any) -> AIMessage:
    """A message rebuilt from another's standard blocks, as users do to store or edit one."""
    fields = {"tool_calls": message.tool_calls, "response_metadata": message.response_metadata, **changes}
    return AIMessage(content=translate_content(message), **fields)  # type: ignore[arg-type]


def test_a_message_rebuilt_from_its_blocks_lists_each_call_once() -> None:
    message = _received(MESSAGE, CALL)
    rebuilt = _rebuilt(message)
    assert translate_content(rebuilt) == translate_content(message)
    assert [block["type"] for block in translate_content(rebuilt)] == ["text", "tool_call"]
    assert ai_message_to_items(rebuilt) == ai_message_to_items(message) == [MESSAGE, CALL]


def test_a_rebuilt_message_shows_edited_arguments_and_drops_removed_calls_as_replay_does() -> None:
    message = _received(MESSAGE, CALL)
    edited = _rebuilt(message, tool_calls=[{"id": "c1", "name": "f", "args": {"x": 2}}])
    assert translate_content(edited)[1] == {
        "type": "tool_call",
        "id": "c1",
        "name": "f",
        "args": {"x": 2},
        "extras": {"item": CALL},
    }
    assert [block["type"] for block in translate_content(_rebuilt(message, tool_calls=[]))] == ["text"]


def test_a_text_block_added_by_hand_beside_returned_items_still_translates_as_ours() -> None:
    # A caller appends a note to a returned message: one block of ours is enough to claim it.
    call = {"type": "function_call", "id": "fc_1", "call_id": "c1", "name": "f", "arguments": "{}"}
    message = _received(call)
    edited = AIMessage(
        content=[*message.content, {"type": "text", "text": "note"}],
        tool_calls=message.tool_calls,
        response_metadata=message.response_metadata,
    )
    assert translate_content(edited) == [
        {"type": "tool_call", "id": "c1", "name": "f", "args": {}, "extras": {"item": call}},
        {"type": "text", "text": "note"},
    ]
