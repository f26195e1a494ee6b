"""Progress events → progress blocks (`_wire/progress.py`), and the final chunk dropping them."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages.ai import add_ai_message_chunks

from langchain_openrouter_responses import server_tool_progress
from langchain_openrouter_responses._wire.items import announced_block
from langchain_openrouter_responses._wire.progress import (
    PROGRESS_EVENTS,
    is_progress_block,
    progress_block,
    progress_value,
)
from langchain_openrouter_responses._wire.settled import SettledAIMessageChunk
from langchain_openrouter_responses._wire.stream import _HANDLERS, StreamState

PANEL_FAILED = {
    "type": "response.fusion_call.panel.failed",
    "item_id": "fu_1",
    "output_index": 2,
    "sequence_number": 9,
    "model": "a/b",
    "error": "rate limited",
    "status_code": 429,
}


def test_a_description_carries_the_event_s_fields_but_not_its_sequence_number() -> None:
    assert progress_value(PANEL_FAILED) == {
        "type": "progress",
        "event": "response.fusion_call.panel.failed",
        "tool": "fusion",
        "status": "panel.failed",
        "item_id": "fu_1",
        "output_index": 2,
        "model": "a/b",
        "error": "rate limited",
        "status_code": 429,
    }


def test_every_progress_event_has_a_handler_and_a_tool() -> None:
    for kind in PROGRESS_EVENTS:
        assert kind in _HANDLERS
        value = progress_value({"type": kind, "item_id": "x", "output_index": 0, "partial_image_b64": "AA=="})
        assert value["tool"] in {"web_search", "image_generation", "fusion"}
        assert kind.endswith(value["status"])


def partial(item_id: str = "ig_1", image: Any = "AAAA") -> dict[str, Any]:
    return {
        "type": "response.image_generation_call.partial_image",
        "item_id": item_id,
        "output_index": 0,
        "partial_image_b64": image,
        "partial_image_index": 1,
    }


def test_a_partial_image_takes_the_announced_item_s_format() -> None:
    state = StreamState()
    added = {"id": "ig_1", "type": "image_generation_call", "status": "in_progress", "output_format": "webp"}
    state.handle({"type": "response.output_item.added", "output_index": 0, "item": added})
    chunk = state.handle(partial())
    assert chunk is not None
    (block,) = chunk.content
    assert isinstance(block, dict)
    assert (block["mime_type"], block["base64"], block["id"]) == ("image/webp", "AAAA", "ig_1")
    assert block["extras"]["progress"]["partial_image_index"] == 1


@pytest.mark.parametrize("image", ["", None])
def test_a_partial_image_without_bytes_shows_nothing(image: Any) -> None:
    assert progress_block(partial(image=image), 0) is None
    assert StreamState().handle(partial(image=image)) is None


def test_progress_blocks_are_numbered_apart_from_real_blocks() -> None:
    state = StreamState()
    searching = {"type": "response.web_search_call.searching", "item_id": "ws_1", "output_index": 0}
    indexes = [state.handle(searching).content[0]["index"] for _ in range(3)]  # type: ignore[union-attr, index]
    assert indexes == ["progress:0", "progress:1", "progress:2"]
    text = {"type": "response.content_part.added", "output_index": 1, "item_id": "m", "content_index": 0}
    chunk = state.handle({**text, "part": {"type": "output_text", "text": ""}})
    assert chunk is not None
    assert chunk.content[0]["index"] == 0  # type: ignore[index]


@pytest.mark.parametrize(
    "block",
    [
        announced_block(0),
        {"type": "non_standard", "value": {"type": "other"}},
        {"type": "image", "extras": "not a dict"},
        {"type": "text", "text": "progress"},
        "progress",
    ],
)
def test_other_blocks_are_not_progress(block: Any) -> None:
    assert not is_progress_block(block)


def test_only_a_sum_with_the_final_chunk_drops_progress_blocks() -> None:
    progress = SettledAIMessageChunk(content=[progress_block(PANEL_FAILED, 0)])  # type: ignore[list-item]
    text = SettledAIMessageChunk(content=[{"type": "text", "text": "Hi", "index": 0}])
    final = SettledAIMessageChunk(content=[{"type": "text", "text": "", "index": 0}], chunk_position="last")
    assert add_ai_message_chunks(text, progress).content == [*text.content, *progress.content]
    assert add_ai_message_chunks(text, progress, final).content == [{"type": "text", "text": "Hi", "index": 0}]
    v1 = SettledAIMessageChunk(
        content=[*text.content, *progress.content], chunk_position="last", response_metadata={"output_version": "v1"}
    )
    assert v1.content == text.content


def test_server_tool_progress_is_public_and_reads_both_block_forms() -> None:
    value = {"type": "progress", "event": "response.web_search_call.searching", "tool": "web_search"}
    assert server_tool_progress({"type": "non_standard", "value": value, "index": "progress:0"}) is value
    image = {"type": "image", "base64": "AA==", "extras": {"progress": value}, "index": "progress:1"}
    assert server_tool_progress(image) is value
    assert server_tool_progress({"type": "non_standard", "value": {"item": {}}}) is None
    assert server_tool_progress({"type": "text", "text": "hi"}) is None
    assert server_tool_progress("plain") is None
