"""Custom tool calls and client tool searches as tool calls; input-only item blocks."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.utils.json import parse_partial_json

from langchain_openrouter_responses._wire.agent_calls import (
    announced_arguments,
    call_arguments,
    edited_call,
    escaped,
    found_tools,
    is_agent_call,
)
from langchain_openrouter_responses._wire.input import messages_to_input
from langchain_openrouter_responses._wire.parts import MessageConversionError


@given(st.text(), st.lists(st.integers(min_value=0, max_value=50), max_size=6))
def test_streamed_custom_input_adds_up_to_the_call_arguments(text: str, cuts: list[int]) -> None:
    bounds = sorted({min(cut, len(text)) for cut in cuts} | {0, len(text)})
    pieces = [text[start:end] for start, end in itertools.pairwise(bounds)]
    item = {"type": "custom_tool_call", "call_id": "c", "name": "t", "input": text}
    streamed = announced_arguments({**item, "input": ""}) + "".join(map(escaped, pieces))
    full = call_arguments(item)
    assert full.startswith(streamed)
    assert json.loads(full) == {"__arg1": text}
    assert parse_partial_json(streamed) == {"__arg1": text}


def test_only_client_tool_searches_are_agent_calls() -> None:
    assert is_agent_call({"type": "tool_search_call", "execution": "client", "call_id": "c"})
    assert not is_agent_call({"type": "tool_search_call", "execution": "server", "call_id": "c"})
    assert is_agent_call({"type": "custom_tool_call", "call_id": "c", "name": "t", "input": ""})
    assert not is_agent_call({"type": "function_call"})


def test_an_edited_tool_search_replays_its_new_arguments() -> None:
    item = {"type": "tool_search_call", "execution": "client", "call_id": "c", "arguments": {"query": "a"}}
    assert edited_call(item, {"query": "a"}) is item
    assert edited_call(item, {"query": "b"}) == {**item, "arguments": {"query": "b"}}


def test_found_tools_accepts_a_list_or_an_object_with_tools() -> None:
    tool = {"type": "function", "name": "f", "parameters": {}}
    assert found_tools(json.dumps({"tools": [tool]}), "c") == [tool]
    assert found_tools([tool], "c") == [tool]
    with pytest.raises(MessageConversionError, match="'c' is not a list of tool definitions"):
        found_tools('[{"name": "no type"}]', "c")


def test_a_tool_search_result_with_one_entry_that_is_no_tool_is_refused() -> None:
    tool = {"type": "function", "name": "f", "parameters": {}}
    with pytest.raises(MessageConversionError, match="'c' is not a list of tool definitions"):
        found_tools([tool, {"name": "no type"}], "c")


def test_a_tool_search_answered_with_text_and_an_image_is_refused_not_read_as_its_text() -> None:
    # Only an answer made of text alone is read as JSON text of the tools found.
    search = {"type": "tool_search_call", "execution": "client", "call_id": "s", "arguments": {"query": "q"}}
    call = {"name": "tool_search", "args": {"query": "q"}, "id": "s", "type": "tool_call"}
    tools_text = json.dumps([{"type": "function", "name": "f", "parameters": {}}])
    answer = [tools_text, {"type": "image", "url": "https://example.com/a.png"}]
    history = [
        HumanMessage("find"),
        AIMessage([{"type": "non_standard", "value": {"item": search}}], tool_calls=[call]),
        ToolMessage(answer, tool_call_id="s"),
    ]
    with pytest.raises(MessageConversionError, match="'s' is not a list of tool definitions"):
        messages_to_input(history)


def test_item_blocks_become_items_right_before_their_message() -> None:
    update = {"type": "configuration_update", "reasoning": {"effort": "high"}, "index": 0}
    message = HumanMessage([update, {"type": "text", "text": "Analyze the failure modes."}])
    assert messages_to_input([HumanMessage("hi"), message]) == [
        {"type": "message", "role": "user", "content": "hi"},
        {"type": "configuration_update", "reasoning": {"effort": "high"}},
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Analyze the failure modes."}]},
    ]


def test_a_tool_search_output_block_is_read_as_a_tool_message_answering_the_search_is() -> None:
    chat_shaped = {"type": "function", "function": {"name": "w", "parameters": {"type": "object"}}}
    block = {"type": "tool_search_output", "call_id": "c", "execution": "client", "tools": [chat_shaped]}
    flat = {"type": "function", "name": "w", "parameters": {"type": "object"}}
    assert messages_to_input([HumanMessage([block])]) == [{**block, "tools": [flat]}]


def test_a_message_of_item_blocks_alone_sends_no_message() -> None:
    output = {"type": "tool_search_output", "call_id": "c", "execution": "client", "tools": []}
    assert messages_to_input([SystemMessage([output])]) == [output]


@pytest.mark.parametrize(
    ("block", "match"),
    [
        ({"type": "configuration_update"}, "lacks 'reasoning'.*add it to the block"),
        ({"type": "configuration_update", "reasoning": "high"}, "reasoning='high'.*takes an object"),
        ({"type": "tool_search_output", "call_id": "c"}, "lacks 'execution', 'tools'.*add them"),
        (
            {"type": "tool_search_output", "call_id": "c", "execution": "client", "tools": "weather"},
            "tool search 'c' is not a list of tool definitions",
        ),
        (
            {"type": "tool_search_output", "call_id": "c", "execution": "client", "tools": [{"name": "w"}]},
            "tool search 'c' is not a list of tool definitions",
        ),
    ],
)
def test_an_incomplete_item_block_is_refused(block: dict[str, object], match: str) -> None:
    with pytest.raises(MessageConversionError, match=match):
        messages_to_input([HumanMessage([block, "go"])])
