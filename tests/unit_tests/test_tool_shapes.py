"""Tool shapes, names, choices and formats at their edges (found by mutation testing, issue 12)."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.tools import tool

from langchain_openrouter_responses._wire.tools import (
    flatten_tools,
    format_tool,
    format_tool_choice,
    is_server_tool,
    json_schema_format,
    text_format,
    tool_bindings,
    tool_name,
)


@tool
def get_weather(location: str) -> str:
    """Get the weather in a location."""
    return f"sunny in {location}"


WEATHER_PARAMETERS = {"properties": {"location": {"type": "string"}}, "required": ["location"], "type": "object"}


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ({"type": "function", "name": "f"}, False),
        ({"type": "object"}, False),
        ({"type": "code_interpreter", "parameters": {}}, True),
        ({"type": "openrouter:datetime", "parameters": {}}, True),
        ({"type": "my_tool_kind"}, True),
        ({"type": "my_tool_kind", "title": "t"}, False),
        ({"type": "my_tool_kind", "parameters": {}}, False),
        ("web_search", False),
        ({"type": 5}, False),
    ],
)
def test_what_counts_as_a_server_tool(candidate: Any, expected: bool) -> None:
    assert is_server_tool(candidate) is expected


def test_an_object_schema_without_a_title_is_no_tool() -> None:
    with pytest.raises(ValueError, match="Unsupported function"):
        format_tool({"type": "object"})


def test_strict_reaches_the_formatted_function() -> None:
    bound = tool_bindings([get_weather], None, strict=True, parallel_tool_calls=None)
    assert bound == {
        "tools": [
            {
                "type": "function",
                "function": {
                    "name": "get_weather",
                    "description": "Get the weather in a location.",
                    "parameters": {**WEATHER_PARAMETERS, "additionalProperties": False},
                    "strict": True,
                },
            }
        ]
    }
    assert format_tool(get_weather, strict=True)["function"]["strict"] is True


@pytest.mark.parametrize(
    ("candidate", "name"),
    [
        ({"type": "function", "function": {"name": "g"}}, "g"),
        ({"type": "custom", "name": "grep"}, "grep"),
        ({"type": "custom", "name": 5}, None),
        ({"type": "openrouter:web_search"}, None),
    ],
)
def test_tool_names_come_from_the_function_or_the_tool(candidate: dict[str, Any], name: str | None) -> None:
    assert tool_name(candidate) == name


FUNCTION_G = {"type": "function", "function": {"name": "g", "parameters": {}}}
FORCED_GREP = {"type": "allowed_tools", "mode": "required", "tools": [{"type": "custom", "name": "grep"}]}


def test_a_custom_tool_named_as_the_tool_choice_is_forced_through_allowed_tools() -> None:
    # OpenRouter's schema has no custom tool choice; a function choice would name no function.
    assert format_tool_choice("grep", [{"type": "custom", "name": "grep"}]) == FORCED_GREP
    bound = [{"type": "custom", "name": "grep"}, FUNCTION_G]
    assert format_tool_choice("g", bound) == {"type": "function", "name": "g"}


def test_openai_s_custom_tool_choice_becomes_the_allowed_tools_form() -> None:
    assert format_tool_choice({"type": "custom", "name": "grep"}, []) == FORCED_GREP
    odd = {"type": "custom", "name": "grep", "extra": 1}
    assert format_tool_choice(odd, []) == odd, "anything else is sent as given"


@pytest.mark.parametrize(
    ("choice", "error"),
    [
        (
            "nope",
            (
                "tool_choice='nope' names no bound tool; bound tools are ['g']. "
                "Use 'auto', 'none', 'required', 'any', True, or one of those names."
            ),
        ),
        (
            3,
            (
                "tool_choice=3 is not supported; use None, 'auto', 'none', 'required', 'any', True, a tool name, "
                "or a dict such as {'type': 'function', 'name': 'my_tool'}."
            ),
        ),
    ],
)
def test_bad_tool_choices_are_refused_with_the_exact_reason(choice: Any, error: str) -> None:
    with pytest.raises(ValueError) as raised:
        format_tool_choice(choice, [{"type": "function", "function": {"name": "g"}}])
    assert str(raised.value) == error


def test_tools_that_are_not_dicts_are_formatted_then_flattened() -> None:
    assert flatten_tools([get_weather]) == [
        {
            "type": "function",
            "name": "get_weather",
            "description": "Get the weather in a location.",
            "parameters": WEATHER_PARAMETERS,
        }
    ]


def test_function_dicts_without_a_type_are_sent_as_function_tools() -> None:
    old_style = {
        "name": "get_weather",
        "description": "Get the weather in a location.",
        "parameters": WEATHER_PARAMETERS,
    }
    assert flatten_tools([old_style]) == [{"type": "function", **old_style}]


def test_only_function_tools_are_flattened() -> None:
    server_tool = {"type": "openrouter:custom", "function": {"name": "f"}}
    assert flatten_tools([server_tool]) == [server_tool]


def test_a_text_format_stays_text() -> None:
    assert text_format({"type": "text"}) == {"type": "text"}


def test_a_schema_without_parameters_gets_an_empty_object_schema_and_keeps_its_description() -> None:
    assert json_schema_format({"name": "E", "description": "d"}) == {
        "type": "json_schema",
        "name": "E",
        "schema": {"type": "object", "properties": {}},
        "description": "d",
    }
