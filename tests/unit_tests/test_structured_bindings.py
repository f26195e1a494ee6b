"""What with_structured_output binds and how it parses, without a call (found by mutation testing, issue 12)."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage
from pydantic import BaseModel

from langchain_openrouter_responses import ChatOpenRouterResponses


class Weather(BaseModel):
    """Weather report."""

    location: str
    summary: str


PARAMETERS = {
    "properties": {"location": {"type": "string"}, "summary": {"type": "string"}},
    "required": ["location", "summary"],
    "type": "object",
}
LLM = ChatOpenRouterResponses(model="a/b", api_key="k")


def test_function_calling_binds_the_schema_as_the_only_forced_tool() -> None:
    runnable: Any = LLM.with_structured_output(Weather, method="function_calling", strict=True)
    assert runnable.first.kwargs == {
        "tools": [
            {
                "type": "function",
                "function": {
                    "name": "Weather",
                    "description": "Weather report.",
                    "parameters": {**PARAMETERS, "additionalProperties": False},
                    "strict": True,
                },
            }
        ],
        "tool_choice": {"type": "function", "name": "Weather"},
        "parallel_tool_calls": False,
        "ls_structured_output_format": {"kwargs": {"method": "function_calling", "strict": True}, "schema": Weather},
    }
    call = AIMessage("", tool_calls=[{"name": "Weather", "args": {"location": "x", "summary": "y"}, "id": "c1"}])
    assert runnable.last.invoke(call) == Weather(location="x", summary="y")


def test_json_schema_with_extra_tools_binds_the_tools_and_the_format() -> None:
    runnable: Any = LLM.with_structured_output(Weather, method="json_schema", tools=[{"type": "openrouter:datetime"}])
    assert runnable.first.kwargs == {
        "tools": [{"type": "openrouter:datetime"}],
        "response_format": {
            "type": "json_schema",
            "name": "Weather",
            "schema": PARAMETERS,
            "description": "Weather report.",
        },
        "ls_structured_output_format": {"kwargs": {"method": "json_schema", "strict": None}, "schema": Weather},
    }


def test_include_raw_parses_the_raw_message_with_no_error() -> None:
    runnable: Any = LLM.with_structured_output(Weather, include_raw=True)
    raw = AIMessage('{"location": "x", "summary": "y"}')
    assert runnable.last.invoke({"raw": raw}) == {
        "raw": raw,
        "parsed": Weather(location="x", summary="y"),
        "parsing_error": None,
    }


@pytest.mark.parametrize(
    ("settings", "error"),
    [
        (
            {"schema": Weather, "method": "xml"},
            "method='xml' is not supported; use one of ['json_schema', 'function_calling', 'json_mode'].",
        ),
        (
            {"schema": None, "method": "json_schema"},
            "method='json_schema' needs a schema; pass one, or use method='json_mode'.",
        ),
    ],
)
def test_bad_structured_output_settings_are_refused_with_the_exact_reason(settings: dict[str, Any], error: str) -> None:
    with pytest.raises(ValueError) as raised:
        LLM.with_structured_output(**settings)
    assert str(raised.value) == error
