"""Server and hosted tools bind exactly as given; their output items become server-tool blocks."""

from __future__ import annotations

from typing import Any

from langchain.agents import create_agent
from langchain_core.messages import HumanMessage
from langchain_core.tools import tool

from integration_tests.helpers import aggregate
from langchain_openrouter_responses.emulator import Emulator, Reply, text_item

WEB_SEARCH = {"type": "openrouter:web_search", "parameters": {"max_results": 3}}


@tool
def get_weather(location: str) -> str:
    """Get the current weather for a location."""
    return f"It's sunny in {location}."


def test_bind_tools_sends_a_server_tool_with_parameters_unchanged(emulator: Emulator, make_llm: Any) -> None:
    llm = make_llm().bind_tools([WEB_SEARCH, get_weather])
    reply = llm.invoke("Latest OpenRouter news?")
    tools = emulator.requests[0].json["tools"]
    assert tools[0] == WEB_SEARCH
    assert tools[1]["type"] == "function"
    assert tools[1]["name"] == "get_weather"
    # The emulator honours max_results: three sources, three citations.
    call, result, text = reply.content_blocks
    assert (call["type"], call["name"], result["type"], text["type"]) == (
        "server_tool_call",
        "web_search",
        "server_tool_result",
        "text",
    )
    assert len(result["output"]["sources"]) == 3
    assert len(text["annotations"]) == 3


def test_server_tool_with_parameters_per_call(emulator: Emulator, make_llm: Any) -> None:
    datetime_tool = {"type": "openrouter:datetime", "parameters": {"timezone": "Europe/Paris"}}
    make_llm().invoke("hi", tools=[WEB_SEARCH, datetime_tool])
    assert emulator.requests[0].json["tools"] == [WEB_SEARCH, datetime_tool]


def test_create_agent_sends_a_server_tool_with_parameters_unchanged(emulator: Emulator, make_llm: Any) -> None:
    agent = create_agent(make_llm(), tools=[WEB_SEARCH, get_weather])
    result = agent.invoke({"messages": [HumanMessage("Latest OpenRouter news?")]})
    assert result["messages"][-1].text.startswith("According to a recent source")
    tools = emulator.requests[0].json["tools"]
    assert WEB_SEARCH in tools
    assert [tool.get("name") for tool in tools if tool != WEB_SEARCH] == ["get_weather"]


SEARCH_ITEM = {
    "id": "ws_7",
    "type": "web_search_call",
    "status": "completed",
    "action": {"type": "search", "query": "openrouter", "sources": [{"type": "url", "url": "https://openrouter.ai"}]},
}


def test_web_search_call_is_a_server_tool_call_in_the_same_place_in_invoke_and_stream(
    emulator: Emulator, make_llm: Any
) -> None:
    answer = text_item("OpenRouter routes requests.", id="msg_7")
    emulator.queue(Reply([SEARCH_ITEM, answer]), Reply([SEARCH_ITEM, answer]))
    llm = make_llm().bind_tools([{"type": "web_search"}])
    invoked = llm.invoke("What is OpenRouter?")
    chunks = list(llm.stream("What is OpenRouter?"))
    streamed = aggregate(chunks)
    for message in (invoked, streamed):
        assert [block["type"] for block in message.content_blocks] == [
            "server_tool_call",
            "server_tool_result",
            "text",
        ]
        call, result, _ = message.content_blocks
        assert call["id"] == result["tool_call_id"] == "ws_7"
        assert call["args"] == {"type": "search", "query": "openrouter"}
        assert result["output"] == {"sources": [{"type": "url", "url": "https://openrouter.ai"}]}
    assert streamed.content == invoked.content
    # The stream shows the call when it is announced, before any text.
    announced = next(chunk for chunk in chunks if chunk.content)
    assert announced.content[0]["type"] == "server_tool_call"


def test_server_tool_items_replay_unchanged(emulator: Emulator, make_llm: Any) -> None:
    answer = text_item("OpenRouter routes requests.", id="msg_8")
    emulator.queue(Reply([SEARCH_ITEM, answer]), Reply([SEARCH_ITEM, answer]))
    llm = make_llm().bind_tools([{"type": "web_search"}])
    invoked = llm.invoke("What is OpenRouter?")
    streamed = aggregate(list(llm.stream("What is OpenRouter?")))
    for reply in (invoked, streamed):
        emulator.clear()
        llm.invoke([HumanMessage("What is OpenRouter?"), reply, HumanMessage("More?")])
        assert emulator.requests[0].json["input"][1:3] == [SEARCH_ITEM, answer]
