"""Output items an agent answers besides function calls: custom tool calls and client tool searches.

A `custom_tool_call` carries free text rather than JSON arguments. Its tool call holds that text
under `__arg1`, as langchain-openai shapes it, so a LangChain tool taking one string runs it, and
the answer goes back as `custom_tool_call_output`. A `tool_search_call` with `execution: "client"`
asks the client to find tools: its tool call is named `tool_search` and takes the item's
arguments, and the answer goes back as `tool_search_output` carrying the tools found.
Pure functions over plain dicts.
"""

from __future__ import annotations

import json
from typing import Any

from langchain_core.messages import ToolCall
from langchain_core.messages.tool import tool_call

from langchain_openrouter_responses._wire.parts import MessageConversionError
from langchain_openrouter_responses._wire.tools import flatten_tools

CUSTOM_CALL = "custom_tool_call"
CUSTOM_OUTPUT = "custom_tool_call_output"
TOOL_SEARCH_CALL = "tool_search_call"
TOOL_SEARCH_OUTPUT = "tool_search_output"
CUSTOM_INPUT_KEY = "__arg1"
"""The key of a custom tool's text in its tool call's `args` (langchain-openai's, and core's single-input tools')."""
TOOL_SEARCH_NAME = "tool_search"
"""The tool-call name of a client tool search."""
_CUSTOM_ARGS_OPENING = json.dumps({CUSTOM_INPUT_KEY: ""})[:-2]
"""`{"__arg1": "`: what a custom call's streamed arguments start with, before its escaped text."""


def is_agent_call(item: Any) -> bool:
    """Tell whether an output item is a custom tool call or a client-executed tool search.

    Args:
        item: An output item.

    Returns:
        True when the client must run it and answer it.
    """
    if not isinstance(item, dict):
        return False
    kind = item.get("type")
    return kind == CUSTOM_CALL or (kind == TOOL_SEARCH_CALL and item.get("execution") == "client")


def call_name(item: dict[str, Any]) -> str:
    """The tool-call name of an agent call: the custom tool's name, or `tool_search`.

    Args:
        item: A custom tool call or client tool search.

    Returns:
        The name.
    """
    return str(item.get("name") or "") if item.get("type") == CUSTOM_CALL else TOOL_SEARCH_NAME


def call_args(item: dict[str, Any]) -> dict[str, Any]:
    """The tool-call `args` of an agent call.

    Args:
        item: A custom tool call or client tool search.

    Returns:
        `{"__arg1": input}` for a custom call; a tool search's arguments (an object as given,
        anything else under `arguments`).
    """
    if item.get("type") == CUSTOM_CALL:
        return {CUSTOM_INPUT_KEY: str(item.get("input") or "")}
    arguments = item.get("arguments")
    if isinstance(arguments, dict):
        return arguments
    return {} if arguments is None else {"arguments": arguments}


def call_arguments(item: dict[str, Any]) -> str:
    """The call's `args` as the JSON text its tool-call chunks add up to.

    Args:
        item: A custom tool call or client tool search.

    Returns:
        The JSON text.
    """
    return json.dumps(call_args(item), ensure_ascii=False)


def announced_arguments(item: dict[str, Any]) -> str:
    """The start of the call's JSON arguments, sent when the item is announced in a stream.

    A custom call's text then streams as escaped pieces of the `__arg1` string, and the final
    chunk closes it; a tool search's arguments come whole with the final chunk.

    Args:
        item: The in-progress item of `output_item.added`.

    Returns:
        A prefix of `call_arguments` of the finished item.
    """
    if item.get("type") != CUSTOM_CALL:
        return ""
    return _CUSTOM_ARGS_OPENING + escaped(str(item.get("input") or ""))


def escaped(text: str) -> str:
    """A piece of custom-tool input as it appears inside the `__arg1` JSON string.

    Args:
        text: A `custom_tool_call_input.delta`.

    Returns:
        The text JSON-escaped, without quotes (pieces escaped alone join to the whole escaped).
    """
    return json.dumps(text, ensure_ascii=False)[1:-1]


def agent_tool_call(item: dict[str, Any]) -> ToolCall:
    """The LangChain tool call of an agent call.

    Args:
        item: A custom tool call or client tool search.

    Returns:
        The tool call, its id the item's `call_id`.
    """
    call_id = item.get("call_id")
    return tool_call(name=call_name(item), args=call_args(item), id=None if call_id is None else str(call_id))


def edited_call(item: dict[str, Any], args: dict[str, Any]) -> dict[str, Any]:
    """The item with the tool call's current `args` (edited by hand, for example), for replay.

    Args:
        item: The raw item as received.
        args: The tool call's `args` now.

    Returns:
        The item itself when nothing changed, otherwise a copy carrying the new input or arguments.
    """
    if args == call_args(item):
        return item
    if item.get("type") == CUSTOM_CALL:
        return {**item, "input": str(args.get(CUSTOM_INPUT_KEY, ""))}
    return {**item, "arguments": args}


def answer_item(call: dict[str, Any], call_id: str, output: str | list[dict[str, Any]]) -> dict[str, Any]:
    """The input item answering an agent call.

    Args:
        call: The call's raw item.
        call_id: Its call id.
        output: The tool's result: text or input parts for a custom call; for a tool search, JSON
            text of the tools found (a list, or an object with a `tools` list) or those tools.

    Returns:
        A `custom_tool_call_output` or `tool_search_output` item.

    Raises:
        MessageConversionError: A tool search's result is not a list of tool definitions.
    """
    if call.get("type") == CUSTOM_CALL:
        return {"type": CUSTOM_OUTPUT, "call_id": call_id, "output": output}
    tools = found_tools(output, call_id)
    return {"type": TOOL_SEARCH_OUTPUT, "call_id": call_id, "execution": "client", "tools": tools}


def found_tools(output: str | list[dict[str, Any]], call_id: str) -> list[dict[str, Any]]:
    """The tool definitions a client tool search returned.

    Args:
        output: JSON text of a list of tools (or of `{"tools": [...]}`), or the list itself.
        call_id: The search's call id, for the error message.

    Returns:
        The tools in the Responses shape (chat-shaped functions flattened).

    Raises:
        MessageConversionError: The result is not such a list.
    """
    tools: Any = output
    if isinstance(output, str):
        try:
            tools = json.loads(output)
        except ValueError:
            tools = None
    if isinstance(tools, dict):
        tools = tools.get("tools")
    if isinstance(tools, list) and all(isinstance(tool, dict) and isinstance(tool.get("type"), str) for tool in tools):
        return flatten_tools(tools)
    raise MessageConversionError(
        f"The answer to tool search {call_id!r} is not a list of tool definitions: got {output!r:.120}. "
        'Return a list such as [{"type": "function", "name": ..., "parameters": {...}}] (or JSON text of it, '
        'or {"tools": [...]}) from the tool that runs the search.'
    )
