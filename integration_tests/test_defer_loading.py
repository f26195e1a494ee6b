"""`bind_tools(..., defer_loading=...)`: chosen function tools go out with `defer_loading: true`."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.tools import tool

from langchain_openrouter_responses.emulator import Emulator

TOOL_SEARCH = {"type": "openrouter:tool_search"}


@tool
def get_weather(location: str) -> str:
    """Get the weather for a location."""
    return f"Sunny in {location}."


@tool
def get_time(zone: str) -> str:
    """Get the time in a time zone."""
    return f"Noon in {zone}."


def _sent_tools(emulator: Emulator) -> dict[str, dict[str, Any]]:
    return {tool.get("name") or tool["type"]: tool for tool in emulator.requests[-1].json["tools"]}


def test_named_tools_are_deferred(emulator: Emulator, make_llm: Any) -> None:
    make_llm().bind_tools([get_weather, get_time, TOOL_SEARCH], defer_loading=["get_time"]).invoke("Hi")
    sent = _sent_tools(emulator)
    assert sent["get_time"]["defer_loading"] is True
    assert "defer_loading" not in sent["get_weather"]
    assert sent["openrouter:tool_search"] == TOOL_SEARCH
    assert sent["get_time"]["name"] == "get_time"
    assert sent["get_time"]["parameters"]["properties"] == {"zone": {"type": "string"}}


def test_true_defers_every_function_tool(emulator: Emulator, make_llm: Any) -> None:
    make_llm().bind_tools([get_weather, get_time, TOOL_SEARCH], defer_loading=True).invoke("Hi")
    sent = _sent_tools(emulator)
    assert sent["get_weather"]["defer_loading"] is True
    assert sent["get_time"]["defer_loading"] is True
    assert sent["openrouter:tool_search"] == TOOL_SEARCH


def test_without_defer_loading_nothing_is_marked(emulator: Emulator, make_llm: Any) -> None:
    make_llm().bind_tools([get_weather, TOOL_SEARCH]).invoke("Hi")
    assert all("defer_loading" not in tool for tool in emulator.requests[-1].json["tools"])


def test_an_unknown_name_fails_at_bind_time(make_llm: Any) -> None:
    with pytest.raises(ValueError, match="get_news"):
        make_llm().bind_tools([get_weather], defer_loading=["get_news"])
    with pytest.raises(ValueError, match="list of tool names"):
        make_llm().bind_tools([get_weather], defer_loading="get_weather")
