"""`with_structured_output`: bind the right request settings and parse locally.

JSON is parsed here rather than with the `openai` SDK's `parse` helpers, which
validate against OpenAI's own closed response types.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.output_parsers import BaseOutputParser
from langchain_core.runnables import Runnable, RunnableMap, RunnablePassthrough
from langchain_core.utils.function_calling import convert_to_openai_tool
from langchain_core.utils.pydantic import is_basemodel_subclass

from langchain_openrouter_responses._wire.parsers import (
    ForcedToolCallParser,
    StrictJsonOutputParser,
    StrictPydanticOutputParser,
)
from langchain_openrouter_responses._wire.refusal import WAIT_FOR_REFUSAL
from langchain_openrouter_responses._wire.tools import json_schema_format

METHODS = ("json_schema", "function_calling", "json_mode")


def structured_runnable(
    model: BaseChatModel,
    schema: Any,
    *,
    method: str,
    include_raw: bool,
    strict: bool | None,
    tools: list[Any] | None,
) -> Runnable[LanguageModelInput, Any]:
    """Build the runnable behind `with_structured_output`.

    Args:
        model: The chat model.
        schema: Pydantic model (v1 or v2), TypedDict, JSON schema or OpenAI function dict.
        method: "json_schema", "function_calling" or "json_mode".
        include_raw: Return `{"raw", "parsed", "parsing_error"}` instead of raising.
        strict: Strict schema adherence (json_schema and function_calling).
        tools: Extra tools the model may call alongside structured output.

    Returns:
        A runnable producing the parsed output.

    Raises:
        ValueError: An unknown method, or a missing schema.
    """
    if method not in METHODS:
        raise ValueError(f"method={method!r} is not supported; use one of {list(METHODS)}.")
    if schema is None and method != "json_mode":
        raise ValueError(f"method={method!r} needs a schema; pass one, or use method='json_mode'.")
    trace = {"kwargs": {"method": method, "strict": strict}, "schema": schema}
    bound: Runnable[LanguageModelInput, Any]
    if method == "function_calling":
        name = convert_to_openai_tool(schema)["function"]["name"]
        bound = model.bind_tools(
            [schema, *(tools or [])],
            tool_choice=name,
            strict=strict,
            parallel_tool_calls=False,
            ls_structured_output_format=trace,
        )
        parser = _tool_parser(schema, name)
    else:
        response_format = (
            {"type": "json_object"} if method == "json_mode" else json_schema_format(schema, strict=strict)
        )
        bound = (
            model.bind_tools(tools, response_format=response_format, ls_structured_output_format=trace)
            if tools
            else model.bind(response_format=response_format, ls_structured_output_format=trace)
        )
        parser = _json_parser(schema)
    parse_output = WAIT_FOR_REFUSAL | parser  # a streamed refusal reaches the parser whole
    if not include_raw:
        return bound | parse_output
    parse = RunnablePassthrough.assign(parsed=itemgetter("raw") | parse_output, parsing_error=lambda _: None)
    no_parse = RunnablePassthrough.assign(parsed=lambda _: None)
    return RunnableMap(raw=bound) | parse.with_fallbacks([no_parse], exception_key="parsing_error")


def _is_pydantic(schema: Any) -> bool:
    return isinstance(schema, type) and is_basemodel_subclass(schema)


def _json_parser(schema: Any) -> BaseOutputParser[Any]:
    if _is_pydantic(schema):
        return StrictPydanticOutputParser(pydantic_object=schema)
    return StrictJsonOutputParser()


def _tool_parser(schema: Any, name: str) -> BaseOutputParser[Any]:
    return ForcedToolCallParser(
        key_name=name, first_tool_only=True, schema_model=schema if _is_pydantic(schema) else None
    )
