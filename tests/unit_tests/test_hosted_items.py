"""Server-tool and image items at their edges (found by mutation testing, issue 12)."""

from __future__ import annotations

from typing import Any

import pytest

from langchain_openrouter_responses._wire.hosted import image_block, server_tool_blocks, server_tool_name


@pytest.mark.parametrize("item_type", ["openrouter:image_generation", "image_generation_call", None, 5])
def test_image_items_and_non_strings_name_no_server_tool(item_type: Any) -> None:
    assert server_tool_name(item_type) is None


def test_an_incomplete_item_is_an_error_result_keeping_its_status_and_its_action_as_args() -> None:
    item = {"type": "openrouter:web_fetch", "id": "wf_1", "status": "incomplete", "action": {"url": "u"}}
    assert server_tool_blocks(0, item, "web_fetch") == (
        {"type": "server_tool_call", "id": "wf_1", "name": "web_fetch", "args": {"url": "u"}, "extras": {"item": item}},
        {"type": "server_tool_result", "tool_call_id": "wf_1", "status": "error", "extras": {"status": "incomplete"}},
    )


def test_a_search_without_sources_has_no_output() -> None:
    item = {"type": "web_search_call", "id": "ws_1", "status": "failed", "action": {"query": "q"}}
    assert server_tool_blocks(1, item, "web_search")[1] == {
        "type": "server_tool_result",
        "tool_call_id": "ws_1",
        "status": "error",
    }


def test_a_code_run_without_code_has_empty_args() -> None:
    item = {"type": "code_interpreter_call", "id": "ci_1", "status": "completed", "outputs": []}
    call, result = server_tool_blocks(2, item, "code_interpreter")
    assert call["args"] == {}
    assert result == {"type": "server_tool_result", "tool_call_id": "ci_1", "status": "success", "output": []}


@pytest.mark.parametrize(
    ("arguments", "args"),
    [
        ("not json", {"arguments": "not json"}),
        ("[1, 2]", {"arguments": [1, 2]}),
        ('{"q": 1}', {"q": 1}),
        ([1, 2], {}),
        ("", {}),
    ],
)
def test_server_tool_arguments_become_args(arguments: Any, args: dict[str, Any]) -> None:
    item = {"type": "openrouter:x", "arguments": arguments}
    call, result = server_tool_blocks(3, item, "x")
    assert call == {
        "type": "server_tool_call",
        "id": "openrouter:x_3",
        "name": "x",
        "args": args,
        "extras": {"item": item},
    }
    assert result == {"type": "server_tool_result", "tool_call_id": "openrouter:x_3"}


@pytest.mark.parametrize(
    ("item", "image"),
    [
        ({"type": "image_generation_call", "image_b64": "AAA"}, {"base64": "AAA", "mime_type": "image/png"}),
        ({"type": "image_generation_call", "imageB64": "AAA"}, {"base64": "AAA", "mime_type": "image/png"}),
        ({"type": "image_generation_call", "image_url": "https://x/i.png"}, {"url": "https://x/i.png"}),
        ({"type": "image_generation_call", "imageUrl": "https://x/i.png"}, {"url": "https://x/i.png"}),
        ({"type": "image_generation_call", "result": "http://x/i.png"}, {"url": "http://x/i.png"}),
        (
            {"type": "image_generation_call", "result": {"b64": "A"}, "image_url": "https://x/i.png"},
            {"url": "https://x/i.png"},
        ),
    ],
)
def test_every_image_field_gives_the_image(item: dict[str, Any], image: dict[str, Any]) -> None:
    assert image_block(item) == {"type": "image", **image, "extras": {"item": item}}


def test_an_image_url_that_is_no_string_gives_no_image() -> None:
    assert image_block({"type": "image_generation_call", "image_url": {"u": 1}}) is None
