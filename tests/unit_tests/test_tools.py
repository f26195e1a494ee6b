"""Tools, tool choice and response formats."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.tools import tool
from pydantic import BaseModel, Field
from typing_extensions import TypedDict

from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses._wire.tools import (
    flatten_tools,
    format_tool,
    format_tool_choice,
    json_schema_format,
    text_format,
    tool_bindings,
)


@tool
def get_weather(location: str) -> str:
    """Get the weather in a location."""
    return f"sunny in {location}"


class Joke(BaseModel):
    """A joke."""

    setup: str = Field(description="the setup")
    punchline: str = Field(description="the punchline")


class Movie(TypedDict):
    """A movie."""

    title: str


TOOLS = [format_tool(get_weather), format_tool(Joke)]


def test_tools_are_stored_chat_shaped_and_sent_flat() -> None:
    assert TOOLS[0]["function"]["name"] == "get_weather"
    flat = flatten_tools(TOOLS)
    assert flat[0] == {
        "type": "function",
        "name": "get_weather",
        "description": "Get the weather in a location.",
        "parameters": {
            "type": "object",
            "properties": {"location": {"type": "string"}},
            "required": ["location"],
        },
    }
    assert flat[1]["name"] == "Joke"


@pytest.mark.parametrize(
    "server_tool",
    [
        {"type": "openrouter:web_search", "parameters": {"max_results": 3, "engine": "exa"}},
        {"type": "openrouter:datetime", "parameters": {"timezone": "Europe/Paris"}},
        {"type": "openrouter:tool_search"},
        {"type": "openrouter:image_generation", "parameters": {"model": "openai/gpt-5-image"}},
        {"type": "web_search", "search_context_size": "low"},
        {"type": "file_search", "vector_store_ids": ["vs_1"]},
        {"type": "code_interpreter", "container": {"type": "auto"}},
        {"type": "image_generation", "output_format": "png"},
        {"type": "mcp", "server_label": "docs", "server_url": "https://mcp.example"},
        {"type": "custom", "name": "grep", "format": {"type": "text"}},
        {"type": "shell"},
    ],
)
def test_server_tools_pass_through(server_tool: dict[str, Any]) -> None:
    assert format_tool(server_tool) is server_tool
    assert flatten_tools([server_tool]) == [server_tool]
    bound = tool_bindings([server_tool], None, strict=None, parallel_tool_calls=None)
    assert bound == {"tools": [server_tool]}


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        (None, None),
        ("auto", "auto"),
        ("none", "none"),
        ("required", "required"),
        ("any", "required"),
        (True, "required"),
        ("get_weather", {"type": "function", "name": "get_weather"}),
        ({"type": "function", "function": {"name": "Joke"}}, {"type": "function", "name": "Joke"}),
        (
            {"type": "allowed_tools", "mode": "auto", "tools": []},
            {"type": "allowed_tools", "mode": "auto", "tools": []},
        ),
    ],
)
def test_tool_choice_mapping(choice: Any, expected: Any) -> None:
    assert format_tool_choice(choice, TOOLS) == expected


@pytest.mark.parametrize(
    ("choice", "fragment"), [("get_time", "names no bound tool"), (False, "not supported"), (3, "not supported")]
)
def test_bad_tool_choice(choice: Any, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        format_tool_choice(choice, TOOLS)


def test_response_formats() -> None:
    chat_shape = {"type": "json_schema", "json_schema": {"name": "Joke", "schema": {"type": "object"}, "strict": True}}
    assert text_format(chat_shape) == {
        "type": "json_schema",
        "name": "Joke",
        "schema": {"type": "object"},
        "strict": True,
    }
    assert text_format({"type": "json_object"}) == {"type": "json_object"}
    movie = json_schema_format(Movie, strict=True)
    assert movie["name"] == "Movie"
    assert movie["strict"] is True
    assert movie["schema"]["properties"] == {"title": {"type": "string"}}
    assert text_format(Joke)["schema"]["required"] == ["setup", "punchline"]


def test_bind_tools_keeps_chat_shape_and_builds_a_flat_body() -> None:
    llm = ChatOpenRouterResponses(api_key="k")
    bound = llm.bind_tools([get_weather], tool_choice="any", parallel_tool_calls=False, response_format=Joke)
    kwargs = bound.kwargs  # type: ignore[attr-defined]
    assert kwargs["tools"][0]["function"]["name"] == "get_weather"
    body = llm._body([], None, kwargs, stream=False)
    assert body["tools"][0]["name"] == "get_weather"
    assert body["tool_choice"] == "required"
    assert body["parallel_tool_calls"] is False
    assert body["text"]["format"]["name"] == "Joke"
    assert "response_format" not in body


def _function(name: str, **extra: Any) -> dict[str, Any]:
    return {"type": "function", "function": {"name": name, "parameters": {"type": "object"}, **extra}}


def test_unknown_deferred_names_and_the_bound_ones_are_listed_sorted() -> None:
    from langchain_openrouter_responses._wire.tools import mark_deferred  # noqa: PLC0415

    bound = [_function(name) for name in ("zeta", "eta", "beta", "kappa", "alpha", "mu")]
    with pytest.raises(ValueError) as raised:
        mark_deferred(bound, ["omega", "delta", "gamma", "chi", "psi", "nu"])
    assert str(raised.value) == (
        "defer_loading names ['chi', 'delta', 'gamma', 'nu', 'omega', 'psi'], which are not bound function tools "
        "(['alpha', 'beta', 'eta', 'kappa', 'mu', 'zeta'])."
    )


def test_a_chosen_function_is_deferred_even_if_it_said_otherwise() -> None:
    from langchain_openrouter_responses._wire.tools import mark_deferred  # noqa: PLC0415

    (marked,) = mark_deferred([_function("f", defer_loading=False)], ["f"])
    assert marked == _function("f", defer_loading=True)
