"""Custom (free-text) tools and client tool search: bound, called, streamed, answered and replayed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langchain_core.tools import Tool

from integration_tests.helpers import aggregate
from langchain_openrouter_responses import MessageConversionError
from langchain_openrouter_responses.emulator import (
    Emulator,
    Reply,
    custom_tool_call_item,
    text_item,
    tool_search_call_item,
)

PATCH = '*** Begin Patch\n*** Update File: a.py\n-x = "old"\n+x = "nëw" \\ done\n*** End Patch'
GRAMMAR = {"type": "grammar", "syntax": "lark", "definition": "start: /.+/"}
CUSTOM_TOOL = {"type": "custom", "name": "apply_patch", "description": "Apply a patch.", "format": GRAMMAR}
CALL = custom_tool_call_item("apply_patch", PATCH, call_id="call_patch")
SEARCH = tool_search_call_item({"query": "weather tools"}, call_id="call_search")
WEATHER = {"type": "function", "name": "get_weather", "parameters": {"type": "object", "properties": {}}}


def test_a_custom_tool_binds_as_given(emulator: Emulator, llm: Any) -> None:
    emulator.queue(Reply([text_item("ok")]))
    llm.bind_tools([CUSTOM_TOOL]).invoke("patch it")
    assert emulator.requests[0].json["tools"] == [CUSTOM_TOOL]


def test_a_langchain_openai_custom_tool_binds_as_a_custom_tool(emulator: Emulator, llm: Any) -> None:
    # langchain-openai's `custom_tool` decorator makes a Tool with this metadata.
    tool = Tool("apply_patch", lambda text: text, "Apply a patch.", metadata={"type": "custom_tool", "format": GRAMMAR})
    emulator.queue(Reply([text_item("ok")]))
    llm.bind_tools([tool]).invoke("patch it")
    assert emulator.requests[0].json["tools"] == [CUSTOM_TOOL]


@pytest.mark.parametrize("output_version", [None, "v1"])
def test_a_custom_tool_call_streams_like_invoke_and_replays_exactly(
    emulator: Emulator, make_llm: Any, output_version: str | None
) -> None:
    output = [text_item("Patching."), CALL]
    emulator.queue(Reply(output, delta_size=3), Reply(output, delta_size=3), Reply([text_item("done")]))
    llm = make_llm(output_version=output_version).bind_tools([CUSTOM_TOOL])
    invoked = llm.invoke("patch it")
    chunks = list(llm.stream("patch it"))
    streamed = aggregate(chunks)
    expected = [{"name": "apply_patch", "args": {"__arg1": PATCH}, "id": "call_patch", "type": "tool_call"}]
    assert invoked.tool_calls == expected
    assert streamed.tool_calls == expected
    assert streamed.content == invoked.content
    assert invoked.response_metadata["finish_reason"] == streamed.response_metadata["finish_reason"] == "tool_calls"
    # The input arrived piece by piece while streaming, not only with the last chunk.
    pieces = [piece for chunk in chunks[:-1] for piece in chunk.tool_call_chunks if piece["args"]]
    assert len(pieces) > len(PATCH) // 3
    tool_blocks = [block for block in streamed.content_blocks if block["type"] == "tool_call"]
    assert [block["args"] for block in tool_blocks] == [{"__arg1": PATCH}]
    history = [HumanMessage("patch it"), streamed, ToolMessage("applied", tool_call_id="call_patch")]
    llm.invoke(history)
    sent = emulator.requests[2].json["input"]
    assert json.dumps(sent[2]) == json.dumps(CALL)
    assert sent[3] == {"type": "custom_tool_call_output", "call_id": "call_patch", "output": "applied"}
    assert [item["type"] for item in sent] == ["message", "message", "custom_tool_call", "custom_tool_call_output"]


def test_a_langchain_openai_custom_tool_result_is_a_custom_output(emulator: Emulator, llm: Any) -> None:
    emulator.queue(Reply([CALL]), Reply([text_item("done")]))
    message = llm.bind_tools([CUSTOM_TOOL]).invoke("patch it")
    result = ToolMessage([{"type": "custom_tool_call_output", "output": "applied"}], tool_call_id="call_patch")
    llm.invoke([HumanMessage("patch it"), message, result])
    assert emulator.requests[1].json["input"][-1] == {
        "type": "custom_tool_call_output",
        "call_id": "call_patch",
        "output": "applied",
    }


def test_an_edited_custom_call_is_replayed_as_edited_and_a_removed_one_left_out(emulator: Emulator, llm: Any) -> None:
    emulator.queue(Reply([CALL]))
    message = llm.invoke("patch it")
    message.tool_calls[0]["args"] = {"__arg1": "*** Begin Patch\n*** End Patch"}
    (item,) = llm._body([message], None, {}, stream=False)["input"]
    assert item == {**CALL, "input": "*** Begin Patch\n*** End Patch"}
    message.tool_calls = []
    assert llm._body([message], None, {}, stream=False)["input"] == []


@pytest.mark.sdk_nonconforming("OpenAI's client tool_search tool, which OpenRouter's published tool union lacks")
def test_a_client_tool_search_tool_binds_as_given(emulator: Emulator, llm: Any) -> None:
    # Its `parameters` describe the search's arguments; it is no function tool to reshape.
    search = {
        "type": "tool_search",
        "execution": "client",
        "description": "Find tools by what they do.",
        "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]},
    }
    emulator.queue(Reply([text_item("ok")]))
    llm.bind_tools([search, WEATHER]).invoke("weather?")
    assert emulator.requests[0].json["tools"] == [search, WEATHER]


@pytest.mark.parametrize("streaming", [False, True])
def test_a_client_tool_search_is_a_tool_call_answered_with_the_tools_found(
    emulator: Emulator, llm: Any, streaming: bool
) -> None:
    emulator.queue(Reply([SEARCH]), Reply([text_item("found")]))
    message = aggregate(llm.stream("weather?")) if streaming else llm.invoke("weather?")
    assert message.tool_calls == [
        {"name": "tool_search", "args": {"query": "weather tools"}, "id": "call_search", "type": "tool_call"}
    ]
    chat_shaped = {"type": "function", "function": {k: v for k, v in WEATHER.items() if k != "type"}}
    llm.invoke([HumanMessage("weather?"), message, ToolMessage(json.dumps([chat_shaped]), tool_call_id="call_search")])
    sent = emulator.requests[1].json["input"]
    assert json.dumps(sent[1]) == json.dumps(SEARCH)
    answer = {"type": "tool_search_output", "call_id": "call_search", "execution": "client", "tools": [WEATHER]}
    assert sent[2] == answer


def test_a_tool_search_answer_that_is_no_tool_list_fails_before_any_request(emulator: Emulator, llm: Any) -> None:
    call = {"name": "tool_search", "args": {}, "id": "call_search", "type": "tool_call"}
    history = [
        HumanMessage("weather?"),
        AIMessage([{"type": "non_standard", "value": {"item": SEARCH}}], tool_calls=[call]),
        ToolMessage("no tools here", tool_call_id="call_search"),
    ]
    with pytest.raises(MessageConversionError, match="call_search.*not a list of tool definitions"):
        llm.invoke(history)
    assert emulator.requests == []


def test_an_agent_runs_a_custom_tool_and_answers_with_its_output(emulator: Emulator, make_llm: Any) -> None:
    applied: list[str] = []

    def apply_patch(patch: str) -> list[dict[str, str]]:
        applied.append(patch)
        return [{"type": "custom_tool_call_output", "output": "applied"}]  # as langchain-openai's custom_tool returns

    tool = Tool("apply_patch", apply_patch, "Apply a patch.", metadata={"type": "custom_tool", "format": GRAMMAR})
    emulator.queue(Reply([CALL]), Reply([text_item("Done.")]))
    result = create_agent(make_llm(), tools=[tool]).invoke({"messages": [HumanMessage("patch it")]})
    assert applied == [PATCH]
    assert result["messages"][-1].text == "Done."
    assert emulator.requests[0].json["tools"] == [CUSTOM_TOOL]
    assert emulator.requests[1].json["input"][-1] == {
        "type": "custom_tool_call_output",
        "call_id": "call_patch",
        "output": "applied",
    }


@pytest.mark.parametrize("choice", ["apply_patch", {"type": "custom", "name": "apply_patch"}])
def test_a_custom_tool_can_be_forced_as_openrouter_s_schema_allows(emulator: Emulator, llm: Any, choice: Any) -> None:
    # OpenRouter's schema has no custom tool choice: an `allowed_tools` choice listing only the tool.
    emulator.queue(Reply([CALL]))
    message = llm.bind_tools([CUSTOM_TOOL, WEATHER], tool_choice=choice).invoke("patch it")
    assert emulator.requests[0].json["tool_choice"] == {
        "type": "allowed_tools",
        "mode": "required",
        "tools": [{"type": "custom", "name": "apply_patch"}],
    }
    assert [call["name"] for call in message.tool_calls] == ["apply_patch"]


def test_the_emulator_forces_the_custom_tool_an_allowed_tools_choice_names(llm: Any) -> None:
    tools = [CUSTOM_TOOL, {**WEATHER, "description": "weather"}]
    message = llm.bind_tools(tools, tool_choice="apply_patch").invoke("what is the weather")
    assert [call["name"] for call in message.tool_calls] == ["apply_patch"]


def test_a_function_choice_naming_a_custom_tool_is_refused_by_the_emulator(emulator: Emulator, llm: Any) -> None:
    with pytest.raises(Exception, match="not a function tool"):
        llm.bind_tools([CUSTOM_TOOL]).invoke("patch it", tool_choice={"type": "function", "name": "apply_patch"})
