"""Server and hosted tools bind exactly as given; their output items become server-tool blocks."""

from __future__ import annotations

from typing import Any

from langchain.agents import create_agent
from langchain_core.messages import HumanMessage
from langchain_core.tools import tool

from langchain_openrouter_responses.emulator import Emulator

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
    (text,) = [block for block in reply.content_blocks if block["type"] == "text"]
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
