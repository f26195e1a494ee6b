"""Which tools the default responder calls, judged from `tool_choice`, tool names and the user's words."""

from __future__ import annotations

import re
from typing import Any

Tool = dict[str, Any]

MIN_TOKEN = 5
"""Unforced calls need a name token longer than 4 characters in the user text ("weather", not "get")."""


def function_tools(body: dict[str, Any]) -> list[Tool]:
    """Return the request's flat function tools and custom (free-text) tools, in order."""
    tools = body.get("tools")
    if not isinstance(tools, list):
        return []
    return [tool for tool in tools if _is_function(tool)]


CALLABLE_TYPES = ("function", "custom")


def _is_function(tool: Any) -> bool:
    return isinstance(tool, dict) and tool.get("type") in CALLABLE_TYPES and isinstance(tool.get("name"), str)


def chosen_tools(body: dict[str, Any], text: str) -> list[Tool]:
    """Return the tools to call now (empty: answer instead).

    A named `tool_choice` calls that tool; an `allowed_tools` choice narrows the tools and acts as
    its `mode` (`"auto"` or `"required"`); a hosted-tool choice calls no function. Otherwise, when `parallel_tool_calls`
    is not false and the user names two or more tools outright, all of them are called.
    `"required"` calls the best-matching tool, else the first; `"auto"` (or no
    choice) calls a tool only if one of its long name tokens is in the user text.

    Args:
        body: The request.
        text: The last user message.

    Returns:
        The tools, in the order the user named them.
    """
    tools = function_tools(body)
    choice = body.get("tool_choice")
    if isinstance(choice, dict) and choice.get("type") == "allowed_tools":
        tools, choice = _allowed(tools, choice)
    if not tools or choice == "none":
        return []
    if isinstance(choice, dict):
        return [tool for tool in tools if choice.get("type") == "function" and tool["name"] == choice.get("name")][:1]
    named = named_tools(tools, text)
    if len(named) > 1 and body.get("parallel_tool_calls") is not False:
        return named
    if choice == "required":
        return [best_match(tools, text) or tools[0]]
    best = best_match(tools, text, need_token=True)
    return [best] if best else []


def _allowed(tools: list[Tool], choice: dict[str, Any]) -> tuple[list[Tool], str]:
    """Narrow `tools` to an `allowed_tools` choice; return them with the plain choice its mode means."""
    listed = choice.get("tools")
    if not isinstance(listed, list):
        return [], "none"
    names = {entry.get("name") for entry in listed if isinstance(entry, dict) and entry.get("type") in CALLABLE_TYPES}
    mode = "required" if choice.get("mode") == "required" else "auto"
    return [tool for tool in tools if tool["name"] in names], mode


def named_tools(tools: list[Tool], text: str) -> list[Tool]:
    """Return the tools whose whole name appears in `text`, by first mention."""
    found = [(_mention(tool["name"], text), index) for index, tool in enumerate(tools)]
    return [tools[index] for position, index in sorted(found) if position >= 0]


def best_match(tools: list[Tool], text: str, *, need_token: bool = False) -> Tool | None:
    """Return the tool named in `text`, else the one with most long name tokens there.

    Args:
        tools: The candidate tools.
        text: The user's words.
        need_token: Only consider tools with a long name token in `text`.

    Returns:
        The best tool (the earliest on ties), or None when nothing matches.
    """
    scored = [(_score(tool["name"], text), -index, tool) for index, tool in enumerate(tools)]
    scored = [entry for entry in scored if entry[0] > (0, 0) and (entry[0][1] or not need_token)]
    if not scored:
        return None
    return max(scored, key=lambda entry: (entry[0], entry[1]))[2]


def name_tokens(name: str) -> list[str]:
    """Split a tool name into lowercase tokens (snake_case, kebab-case and camelCase)."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return [token.lower() for token in re.split(r"[^A-Za-z0-9]+", spaced) if token]


def _score(name: str, text: str) -> tuple[int, int]:
    lowered = text.lower()
    long_tokens = [token for token in name_tokens(name) if len(token) >= MIN_TOKEN]
    hits = sum(1 for token in long_tokens if re.search(rf"(?<![a-z0-9]){re.escape(token)}", lowered))
    return (1 if _mention(name, text) >= 0 else 0, hits)


def _mention(name: str, text: str) -> int:
    found = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE)
    return found.start() if found else -1
