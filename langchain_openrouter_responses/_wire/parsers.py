"""The output parsers behind `with_structured_output`: a complete JSON object, or `OutputParserException`.

langchain-core's parsers are lenient where structured output must not be: `JsonOutputParser`
completes truncated JSON, the tool parsers read only `tool_calls` (a call whose arguments did
not parse, kept in `invalid_tool_calls`, becomes `None`), and `PydanticToolsParser` lets
pydantic's `ValidationError` escape. These subclasses keep core's streaming (partial) parsing
and make the final parse strict, the same for the three methods: the answer must be one
complete JSON object, which a pydantic schema must also validate; anything else raises
`OutputParserException` naming the problem (a refusal still raises `ModelRefusalError`).
Dict and TypedDict schemas are not validated beyond "a JSON object", as in langchain-core.
"""

from __future__ import annotations

import json
from typing import Any

from langchain_core.exceptions import ModelRefusalError, OutputParserException
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.output_parsers import JsonOutputKeyToolsParser, JsonOutputParser, PydanticOutputParser
from langchain_core.outputs import ChatGeneration, Generation
from langchain_core.utils.json import parse_json_markdown

_QUOTE_LIMIT = 200


class StrictJsonOutputParser(JsonOutputParser):
    """`json_schema` and `json_mode` without a pydantic schema: the answer is one complete JSON object."""

    def parse_result(self, result: list[Generation], *, partial: bool = False) -> Any:
        """Parse the answer (leniently while it streams in, strictly at the end).

        Raises:
            ModelRefusalError: The model refused.
            OutputParserException: The answer is not one complete JSON object.
        """
        if partial:
            return super().parse_result(result, partial=True)
        return _answer_object(result)


class StrictPydanticOutputParser(PydanticOutputParser):  # type: ignore[type-arg]
    """`json_schema` and `json_mode` with a pydantic schema: a complete JSON object the schema validates."""

    def parse_result(self, result: list[Generation], *, partial: bool = False) -> Any:
        """Parse and validate the answer (leniently while it streams in, strictly at the end).

        Raises:
            ModelRefusalError: The model refused.
            OutputParserException: The answer is not one complete JSON object, or fails the schema.
        """
        if partial:
            return super().parse_result(result, partial=True)
        return self._parse_obj(_answer_object(result))


class ForcedToolCallParser(JsonOutputKeyToolsParser):
    """`function_calling`: the arguments of the forced call to `key_name`, validated by `schema` if pydantic."""

    schema_model: Any = None
    """The pydantic model the arguments must validate, or None (dict and TypedDict schemas)."""

    def parse_result(self, result: list[Generation], *, partial: bool = False) -> Any:
        """Parse the forced call (leniently while it streams in, strictly at the end).

        Raises:
            ModelRefusalError: The model refused.
            OutputParserException: The model did not call the tool, its arguments are not one
                complete JSON object, or they fail the schema.
        """
        if partial:
            partial_args = super().parse_result(result, partial=True)
            return _validate_partial(self.schema_model, partial_args)
        message = _message_of(result)
        _raise_if_refused(message)
        arguments = _forced_call_arguments(message, self.key_name)
        return arguments if self.schema_model is None else _validate(self.schema_model, arguments, self.key_name)


def _answer_object(result: list[Generation]) -> dict[str, Any]:
    generation = result[0]
    if isinstance(generation, ChatGeneration):
        _raise_if_refused(generation.message)
    text = generation.text.strip()
    try:
        value = parse_json_markdown(text, parser=json.loads)
    except json.JSONDecodeError as error:
        raise OutputParserException(
            f"The structured output is not complete JSON ({error.msg} at character {error.pos}): {_quote(text)}; "
            "a cut-off answer (see response_metadata['incomplete_details']) needs a higher max_tokens.",
            llm_output=text,
        ) from error
    return _object(value, "The structured output", text)


def _forced_call_arguments(message: BaseMessage, name: str) -> dict[str, Any]:
    if not isinstance(message, AIMessage):
        raise OutputParserException(f"Structured output needs an AIMessage, got {type(message).__name__}.")
    for call in message.tool_calls:
        if call["name"] == name:
            return _object(call["args"], f"The arguments of the {name!r} call", json.dumps(call["args"]))
    for invalid in message.invalid_tool_calls:
        if invalid.get("name") == name:
            raw = str(invalid.get("args") or "")
            raise OutputParserException(
                f"The arguments of the {name!r} call are not one complete JSON object "
                f"({invalid.get('error') or 'unreadable'}): {_quote(raw)}",
                llm_output=raw,
            )
    called = [call["name"] for call in message.tool_calls] or "no tool"
    raise OutputParserException(
        f"The model did not call {name!r} (it called {called}), so there is no structured output.",
        llm_output=message.text,
    )


def _object(value: Any, what: str, text: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise OutputParserException(
            f"{what} must be a JSON object, not {type(value).__name__}: {_quote(text)}", llm_output=text
        )
    return value


def _model_of(schema: Any, arguments: dict[str, Any]) -> Any:
    """The schema's instance of the arguments (raising pydantic's `ValidationError`, v2 or v1)."""
    return schema.model_validate(arguments) if hasattr(schema, "model_validate") else schema.parse_obj(arguments)


def _validate(schema: Any, arguments: dict[str, Any], name: str) -> Any:
    try:
        return _model_of(schema, arguments)
    except ValueError as error:  # pydantic's ValidationError, v2 and v1
        text = json.dumps(arguments, ensure_ascii=False)
        raise OutputParserException(
            f"The arguments of the {name!r} call do not match the schema: {error}", llm_output=text
        ) from error


def _validate_partial(schema: Any, arguments: Any) -> Any:
    """While streaming, a model instance once the arguments validate (as core's parser does), else None."""
    if schema is None or not isinstance(arguments, dict):
        return arguments
    try:
        return _model_of(schema, arguments)
    except ValueError:  # not yet valid: no error message is built for a chunk that is still arriving
        return None


def _message_of(result: list[Generation]) -> BaseMessage:
    generation = result[0]
    if not isinstance(generation, ChatGeneration):
        raise OutputParserException("Structured output needs a chat generation.")
    return generation.message


def _raise_if_refused(message: BaseMessage) -> None:
    for block in message.content_blocks:
        if block["type"] == "refusal":
            raise ModelRefusalError.from_refusal(block, raw_message=message)


def _quote(text: str) -> str:
    return repr(text[:_QUOTE_LIMIT] + ("..." if len(text) > _QUOTE_LIMIT else ""))
