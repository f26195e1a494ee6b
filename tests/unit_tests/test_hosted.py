"""Server-tool and hosted-tool output items → `server_tool_call` / `server_tool_result` blocks."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessageChunk

from langchain_openrouter_responses._wire.input import messages_to_input
from langchain_openrouter_responses._wire.response import response_to_message
from langchain_openrouter_responses._wire.stream import StreamState

NOW = "2026-03-12T14:30:00Z"
SOURCES = [{"type": "url", "url": "https://a.example"}]
SEARCH = {
    "id": "ws_1",
    "type": "openrouter:web_search",
    "status": "completed",
    "action": {"type": "search", "query": "q", "sources": SOURCES},
}
MESSAGE = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "status": "completed",
    "content": [{"type": "output_text", "text": "Found it.", "annotations": []}],
}


@pytest.mark.parametrize(
    ("item", "call", "result"),
    [
        (
            SEARCH,
            {"name": "web_search", "id": "ws_1", "args": {"type": "search", "query": "q"}},
            {"tool_call_id": "ws_1", "status": "success", "output": {"sources": SOURCES}},
        ),
        (
            {**SEARCH, "type": "web_search_call", "status": "failed"},
            {"name": "web_search", "id": "ws_1", "args": {"type": "search", "query": "q"}},
            {"tool_call_id": "ws_1", "status": "error", "output": {"sources": SOURCES}},
        ),
        (
            {"id": "fs_1", "type": "file_search_call", "status": "completed", "queries": ["x"], "results": [{"f": 1}]},
            {"name": "file_search", "id": "fs_1", "args": {"queries": ["x"]}},
            {"tool_call_id": "fs_1", "status": "success", "output": [{"f": 1}]},
        ),
        (
            {"id": "ci_1", "type": "code_interpreter_call", "status": "completed", "code": "1+1", "outputs": []},
            {"name": "code_interpreter", "id": "ci_1", "args": {"code": "1+1"}},
            {"tool_call_id": "ci_1", "status": "success", "output": []},
        ),
        (
            {
                "type": "openrouter:datetime",
                "status": "completed",
                "datetime": "2026-03-12T14:30:00Z",
                "timezone": "UTC",
            },
            {"name": "datetime", "id": "openrouter:datetime_0", "args": {}},
            {
                "tool_call_id": "openrouter:datetime_0",
                "status": "success",
                "output": {"datetime": NOW, "timezone": "UTC"},
            },
        ),
        (
            {"id": "ts_1", "type": "openrouter:tool_search", "status": "in_progress", "arguments": '{"query": "mail"}'},
            {"name": "tool_search", "id": "ts_1", "args": {"query": "mail"}},
            {"tool_call_id": "ts_1", "extras": {"status": "in_progress"}},
        ),
    ],
)
def test_server_tool_items_become_call_and_result_blocks(
    item: dict[str, Any], call: dict[str, Any], result: dict[str, Any]
) -> None:
    message = response_to_message({"id": "gen", "output": [item, MESSAGE]})
    blocks = message.content_blocks
    assert [block["type"] for block in blocks] == ["server_tool_call", "server_tool_result", "text"]
    assert blocks[0] == {"type": "server_tool_call", **call, "extras": {"item": item}, "index": 0}
    assert blocks[1] == {"type": "server_tool_result", **result, "index": 1}
    assert messages_to_input([message]) == [item, MESSAGE]


TEXT_AT = {"output_index": 1, "item_id": "msg_1", "content_index": 0}


def test_stream_announces_server_tool_blocks_in_output_order() -> None:
    state = StreamState()
    placeholder = {"id": "ws_1", "type": "openrouter:web_search", "status": "in_progress"}
    events: list[dict[str, Any]] = [
        {"type": "response.output_item.added", "output_index": 0, "item": placeholder},
        {"type": "response.web_search_call.searching", "output_index": 0, "item_id": "ws_1"},
        {"type": "response.output_item.done", "output_index": 0, "item": SEARCH},
        {"type": "response.output_item.added", "output_index": 1, "item": {**MESSAGE, "content": []}},
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
            "delta": "Found it.",
        },
        {"type": "response.completed", "response": {"id": "gen", "status": "completed", "output": [SEARCH, MESSAGE]}},
    ]
    chunks = [chunk for chunk in map(state.handle, events) if chunk is not None]
    first = chunks[0]
    assert first.content == [
        {"type": "server_tool_call", "name": "web_search", "args": {}, "id": "ws_1", "index": 0},
        {"type": "server_tool_result", "tool_call_id": "ws_1", "index": 1},
    ]
    total = chunks[0]
    for chunk in chunks[1:]:
        total += chunk
    assert isinstance(total, AIMessageChunk)
    invoked = response_to_message({"id": "gen", "status": "completed", "output": [SEARCH, MESSAGE]})
    assert total.content == invoked.content
    assert messages_to_input([total]) == [SEARCH, MESSAGE]


@pytest.mark.parametrize(
    ("item", "image"),
    [
        (
            {"id": "ig_1", "type": "image_generation_call", "status": "completed", "result": "AAAA"},
            {"type": "image", "base64": "AAAA", "mime_type": "image/png", "id": "ig_1"},
        ),
        (
            {"type": "openrouter:image_generation", "status": "completed", "result": "https://img.example/1.png"},
            {"type": "image", "url": "https://img.example/1.png"},
        ),
    ],
)
def test_image_items_become_image_blocks(item: dict[str, Any], image: dict[str, Any]) -> None:
    message = response_to_message({"id": "gen", "output": [item]})
    assert message.content_blocks == [{**image, "extras": {"item": item}, "index": 0}]
    assert messages_to_input([message]) == [item]


def test_an_image_item_without_an_image_stays_non_standard() -> None:
    item = {"id": "ig_2", "type": "image_generation_call", "status": "failed"}
    message = response_to_message({"id": "gen", "output": [item]})
    assert message.content_blocks[0]["type"] == "non_standard"
    assert messages_to_input([message]) == [item]
