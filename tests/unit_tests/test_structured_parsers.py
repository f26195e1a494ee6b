"""The strict structured-output parsers on messages, without a call: exact messages (issue 21, defect 4)."""

from __future__ import annotations

import pytest
from langchain_core.exceptions import OutputParserException
from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.outputs import ChatGeneration
from pydantic import BaseModel

from langchain_openrouter_responses._wire.parsers import (
    ForcedToolCallParser,
    StrictJsonOutputParser,
    StrictPydanticOutputParser,
)
from langchain_openrouter_responses._wire.refusal import refuses


class Weather(BaseModel):
    """Weather report."""

    location: str


def _message(error: OutputParserException) -> str:
    """The message without the troubleshooting link langchain-core appends."""
    return str(error).split("\nFor troubleshooting")[0]


def _parse_text(text: str, *, partial: bool = False) -> object:
    return StrictJsonOutputParser().parse_result([ChatGeneration(message=AIMessage(text))], partial=partial)


def test_a_200_character_answer_is_quoted_whole() -> None:
    text = "[" + "1," * 98 + "11]"  # exactly 200 characters, no object
    assert len(text) == 200
    with pytest.raises(OutputParserException) as caught:
        _parse_text(text)
    assert _message(caught.value) == f"The structured output must be a JSON object, not list: {text!r}"


def test_a_201_character_answer_is_cut_with_an_ellipsis() -> None:
    text = "[" + "1," * 99 + "1]"
    assert len(text) == 201
    with pytest.raises(OutputParserException) as caught:
        _parse_text(text)
    assert _message(caught.value) == f"The structured output must be a JSON object, not list: {text[:200] + '...'!r}"


def test_truncated_json_names_the_position_and_the_fix() -> None:
    with pytest.raises(OutputParserException) as caught:
        _parse_text('{"a": 1, ')
    assert _message(caught.value) == (
        "The structured output is not complete JSON (Expecting property name enclosed in double quotes at "
        "character 8): '{\"a\": 1,'; a cut-off answer (see response_metadata['incomplete_details']) needs a "
        "higher max_tokens."
    )


def test_partial_parsing_stays_lenient_while_streaming() -> None:
    assert _parse_text('{"a": 1, "b": "x', partial=True) == {"a": 1, "b": "x"}
    message = AIMessage('{"location": "Pa')
    assert StrictPydanticOutputParser(pydantic_object=Weather).parse_result(
        [ChatGeneration(message=message)], partial=True
    ) == Weather(location="Pa")


def test_a_forced_call_is_read_from_tool_calls_and_validated() -> None:
    parser = ForcedToolCallParser(key_name="Weather", first_tool_only=True, schema_model=Weather)
    message = AIMessage("", tool_calls=[{"name": "Weather", "args": {"location": "Paris"}, "id": "c1"}])
    assert parser.parse_result([ChatGeneration(message=message)]) == Weather(location="Paris")


def test_an_invalid_forced_call_names_its_error_and_arguments() -> None:
    parser = ForcedToolCallParser(key_name="Weather", first_tool_only=True)
    bad = {"name": "Weather", "args": '{"location": "Pa', "id": "c1", "error": "Unterminated string"}
    message = AIMessage("", invalid_tool_calls=[{**bad, "type": "invalid_tool_call"}])
    with pytest.raises(OutputParserException) as caught:
        parser.parse_result([ChatGeneration(message=message)])
    assert _message(caught.value) == (
        "The arguments of the 'Weather' call are not one complete JSON object (Unterminated string): "
        '\'{"location": "Pa\''
    )


def test_a_call_to_another_tool_is_no_structured_output() -> None:
    parser = ForcedToolCallParser(key_name="Weather", first_tool_only=True)
    message = AIMessage("", tool_calls=[{"name": "search", "args": {}, "id": "c1"}])
    with pytest.raises(OutputParserException) as caught:
        parser.parse_result([ChatGeneration(message=message)])
    assert (
        _message(caught.value)
        == "The model did not call 'Weather' (it called ['search']), so there is no structured output."
    )


def test_a_message_with_text_before_its_refusal_refuses() -> None:
    text, refusal = {"type": "text", "text": "Well"}, {"type": "refusal", "refusal": "I can't help with that."}
    assert refuses(AIMessageChunk(content=[text, refusal]))
    assert not refuses(AIMessageChunk(content=[text]))
    assert not refuses(AIMessage("I can't help with that."))
