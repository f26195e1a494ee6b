"""with_structured_output parses strictly, the same for its three methods (issue 21, defect 4).

A malformed answer (truncated JSON, JSON that is no object, arguments a pydantic schema rejects,
no call to the forced tool) raises `OutputParserException`; with `include_raw=True` the error is
in `parsing_error` and `parsed` is None. Streaming keeps core's partial parsing.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from langchain_core.exceptions import ModelRefusalError, OutputParserException
from pydantic import BaseModel
from typing_extensions import TypedDict

from integration_tests.helpers import refusal_item
from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses.emulator import Emulator, Reply, function_call_item, text_item


class Weather(BaseModel):
    """Weather report."""

    location: str
    summary: str


class WeatherDict(TypedDict):
    """Weather report."""

    location: str
    summary: str


WEATHER_SCHEMA = {
    "title": "Weather",
    "description": "Weather report.",
    "type": "object",
    "properties": {"location": {"type": "string"}, "summary": {"type": "string"}},
    "required": ["location", "summary"],
}
SCHEMAS = {"pydantic": Weather, "typeddict": WeatherDict, "json schema": WEATHER_SCHEMA}
METHODS = ("function_calling", "json_schema", "json_mode")
MALFORMED = {
    "truncated": ('{"location": "Paris", "summary": "su', "complete JSON|complete JSON object"),
    "array": ("[1, 2]", "JSON object"),
    "string": ('"sunny"', "JSON object"),
    "empty": ("", "complete JSON"),
}
"""Answers no method may accept (empty arguments of a call are `{}`, as `invoke` reads them: not listed there)."""
GOOD = '{"location": "Paris", "summary": "sunny"}'


def answer(method: str, name: str, text: str) -> Reply:
    """The model's answer: a call to the forced tool, or the text."""
    return Reply([function_call_item(name, text)]) if method == "function_calling" else Reply([text_item(text)])


def structured(llm: ChatOpenRouterResponses, method: str, schema: Any, *, include_raw: bool = False) -> Any:
    return llm.with_structured_output(schema, method=method, include_raw=include_raw)


MALFORMED_CASES = [
    pytest.param(method, schema_kind, kind, id=f"{method}-{schema_kind}-{kind}")
    for method in METHODS
    for schema_kind in SCHEMAS
    for kind in MALFORMED
    if (method, kind) != ("function_calling", "empty")  # see test_empty_call_arguments_are_an_empty_object
]


@pytest.mark.parametrize(("method", "schema_kind", "kind"), MALFORMED_CASES)
def test_malformed_answers_raise_output_parser_exception(
    emulator: Emulator, llm: ChatOpenRouterResponses, method: str, schema_kind: str, kind: str
) -> None:
    schema = SCHEMAS[schema_kind]
    text, problem = MALFORMED[kind]
    emulator.queue(answer(method, _name(schema), text))
    with pytest.raises(OutputParserException, match=problem):
        structured(llm, method, schema).invoke("Weather in Paris?")


@pytest.mark.parametrize("kind", MALFORMED, ids=MALFORMED.keys())
@pytest.mark.parametrize("method", METHODS)
def test_include_raw_puts_the_error_in_parsing_error(
    emulator: Emulator, llm: ChatOpenRouterResponses, method: str, kind: str
) -> None:
    text, problem = MALFORMED[kind]
    emulator.queue(answer(method, "Weather", text))
    result = structured(llm, method, Weather, include_raw=True).invoke("Weather in Paris?")
    assert result["parsed"] is None
    assert isinstance(result["parsing_error"], OutputParserException)
    assert re.search(problem if text else "complete JSON|Field required", str(result["parsing_error"]))
    assert result["raw"].response_metadata["id"]


@pytest.mark.parametrize("include_raw", [False, True])
@pytest.mark.parametrize("method", METHODS)
def test_arguments_a_pydantic_schema_rejects_raise_output_parser_exception(
    emulator: Emulator, llm: ChatOpenRouterResponses, method: str, include_raw: bool
) -> None:
    emulator.queue(answer(method, "Weather", '{"location": 5}'))
    runnable = structured(llm, method, Weather, include_raw=include_raw)
    if include_raw:
        result = runnable.invoke("Weather in Paris?")
        assert result["parsed"] is None
        assert isinstance(result["parsing_error"], OutputParserException)
        return
    with pytest.raises(OutputParserException, match="summary"):
        runnable.invoke("Weather in Paris?")


@pytest.mark.parametrize("schema_kind", SCHEMAS)
@pytest.mark.parametrize("method", METHODS)
def test_well_formed_answers_parse_the_same_for_every_method(
    emulator: Emulator, llm: ChatOpenRouterResponses, method: str, schema_kind: str
) -> None:
    schema = SCHEMAS[schema_kind]
    emulator.queue(answer(method, _name(schema), GOOD))
    expected = {"location": "Paris", "summary": "sunny"}
    parsed = structured(llm, method, schema).invoke("Weather in Paris?")
    assert parsed == (Weather(**expected) if schema is Weather else expected)
    emulator.queue(answer(method, _name(schema), GOOD))
    result = structured(llm, method, schema, include_raw=True).invoke("Weather in Paris?")
    assert (result["parsed"], result["parsing_error"]) == (parsed, None)


def test_json_in_a_markdown_fence_is_still_read(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.queue(Reply([text_item(f"```json\n{GOOD}\n```")]))
    assert structured(llm, "json_mode", None).invoke("Weather in Paris?") == {"location": "Paris", "summary": "sunny"}


def test_empty_call_arguments_are_an_empty_object(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.queue(answer("function_calling", "Weather", ""))
    assert structured(llm, "function_calling", WEATHER_SCHEMA).invoke("Weather in Paris?") == {}
    emulator.queue(answer("function_calling", "Weather", ""))
    with pytest.raises(OutputParserException, match="do not match the schema"):
        structured(llm, "function_calling", Weather).invoke("Weather in Paris?")


def test_no_call_to_the_forced_tool_raises(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.queue(Reply([text_item("It is sunny in Paris.")]))
    with pytest.raises(OutputParserException, match="did not call 'Weather'"):
        structured(llm, "function_calling", Weather).invoke("Weather in Paris?")


def test_a_forced_call_refusal_is_still_a_refusal(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.queue(Reply([refusal_item("I can't help with that.")]))
    with pytest.raises(ModelRefusalError, match="I can't help with that"):
        structured(llm, "function_calling", Weather).invoke("Weather in Paris?")


@pytest.mark.parametrize("schema_kind", SCHEMAS)
def test_a_streamed_forced_call_ends_with_the_whole_object(
    emulator: Emulator, llm: ChatOpenRouterResponses, schema_kind: str
) -> None:
    schema = SCHEMAS[schema_kind]
    emulator.queue(answer("function_calling", _name(schema), GOOD))
    chunks = list(structured(llm, "function_calling", schema).stream("Weather in Paris?"))
    expected = {"location": "Paris", "summary": "sunny"}
    assert chunks[-1] == (Weather(**expected) if schema is Weather else expected)


def _name(schema: Any) -> str:
    return "WeatherDict" if schema is WeatherDict else "Weather"
