"""`-T/--tool`: bind OpenRouter's server tools (`openrouter:web_search`, ...) to a prompt or a chat.

`llm` names its flag `-T/--tool NAME`; here NAME is one of OpenRouter's server tools, which
OpenRouter runs itself (the answer comes back with their results), optionally with the tool's
parameters as JSON after `=`. Any other tool, or a server tool newer than this list, is given as
the whole JSON tool object and bound exactly as given.

Standard library only: the flags are checked before langchain-core is imported.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from typing import Any

PREFIX = "openrouter:"
# OpenRouter's server tools, as its Responses request schema lists them (the `openrouter` SDK's
# `ResponsesRequestToolUnion`; tests/unit_tests/test_cli_tools.py checks the locked SDK's list).
SERVER_TOOLS = (
    "openrouter:advisor",
    "openrouter:apply_patch",
    "openrouter:bash",
    "openrouter:datetime",
    "openrouter:experimental__search_models",
    "openrouter:files",
    "openrouter:fusion",
    "openrouter:image_generation",
    "openrouter:shell",
    "openrouter:subagent",
    "openrouter:tool_search",
    "openrouter:web_fetch",
    "openrouter:web_search",
)
EXAMPLE = "--tool 'openrouter:web_search={\"max_results\": 3}'"
RAW_EXAMPLE = '--tool \'{"type": "openrouter:NEW_TOOL", "parameters": {...}}\''


class ToolError(ValueError):
    """A `--tool` value that names no known server tool or has malformed parameters (a usage error)."""


def parse_tools(values: Sequence[str]) -> list[dict[str, Any]]:
    """Turn `--tool` values into server tools, in command-line order.

    Args:
        values: Each `--tool` value: `openrouter:NAME`, `openrouter:NAME=PARAMETERS_JSON`, or a
            whole JSON tool object (`{"type": ...}`), which is bound exactly as given.

    Returns:
        The tools, e.g. `{"type": "openrouter:web_search", "parameters": {"max_results": 3}}`.

    Raises:
        ToolError: An unknown name, parameters that are not a JSON object, or a server tool given twice.
    """
    tools = [parse_tool(value) for value in values]
    kinds = [tool["type"] for tool in tools if tool["type"].startswith(PREFIX)]
    for kind in dict.fromkeys(kinds):
        if kinds.count(kind) > 1:
            raise ToolError(f"--tool {kind} is given {kinds.count(kind)} times; give each tool once")
    return tools


def parse_tool(value: str) -> dict[str, Any]:
    """Read one `--tool` value (see `parse_tools`).

    Args:
        value: The value as typed.

    Returns:
        The tool as sent.

    Raises:
        ToolError: An unknown name or malformed JSON.
    """
    text = value.strip()
    if text.startswith("{"):
        return _whole_tool(text)
    name, equals, parameters = text.partition("=")
    name = name.strip()
    if name not in SERVER_TOOLS:
        raise ToolError(_unknown(name))
    tool: dict[str, Any] = {"type": name}
    if equals:
        tool["parameters"] = _parameters(name, parameters)
    return tool


def known_tools_text() -> str:
    """List the server tool names for help and error messages.

    Returns:
        The names, comma-separated.
    """
    return ", ".join(SERVER_TOOLS)


def _whole_tool(text: str) -> dict[str, Any]:
    try:
        tool = json.loads(text)
    except ValueError as error:
        raise ToolError(f"--tool {text!r} is not JSON: {error}; e.g. {RAW_EXAMPLE}") from None
    if not isinstance(tool, dict) or not isinstance(tool.get("type"), str):
        raise ToolError(f"--tool {text!r}: a JSON tool needs a string 'type', e.g. {RAW_EXAMPLE}")
    return tool


def _parameters(name: str, text: str) -> dict[str, Any]:
    try:
        parameters = json.loads(text)
    except ValueError as error:
        raise ToolError(f"--tool {name}: the parameters after '=' are not JSON ({error}); e.g. {EXAMPLE}") from None
    if not isinstance(parameters, dict):
        raise ToolError(f"--tool {name}: the parameters after '=' must be a JSON object, e.g. {EXAMPLE}")
    return parameters


def _unknown(name: str) -> str:
    wanted = name if name.startswith(PREFIX) else PREFIX + name
    close = difflib.get_close_matches(wanted, SERVER_TOOLS, n=1, cutoff=0.75)
    suggestion = f"; did you mean {close[0]}?" if close else "."
    return (
        f"--tool {name!r} is not an OpenRouter server tool{suggestion} Known tools: {known_tools_text()}. "
        f"Parameters go after '=' as JSON ({EXAMPLE}); a tool newer than this list goes in whole as JSON: "
        f"{RAW_EXAMPLE}"
    )
