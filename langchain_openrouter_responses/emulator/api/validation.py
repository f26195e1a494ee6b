"""Request oracle: zod-like issues for bodies OpenRouter's validator would reject.

Each issue is `{"code": ..., "path": [...], "message": ...}`; the list goes,
JSON-encoded, into `metadata.raw` of the 400 `invalid_prompt` body. Input items
and content parts are checked in `validation_input` and `validation_parts`.
"""

from __future__ import annotations

from typing import Any

from langchain_openrouter_responses.emulator.api.issues import (
    MISSING,
    Issue,
    Path,
    issue,
    received,
    type_issue,
    unrecognized_issue,
    value_issue,
)
from langchain_openrouter_responses.emulator.api.validation_input import ROLES, check_input
from langchain_openrouter_responses.emulator.api.validation_parts import ASSISTANT_PARTS, INPUT_PARTS

__all__ = [
    "ASSISTANT_PARTS",
    "INPUT_PARTS",
    "MISSING",
    "ROLES",
    "Issue",
    "Path",
    "issue",
    "received",
    "type_issue",
    "unrecognized_issue",
    "validate_request",
    "value_issue",
]

CHAT_ONLY_KEYS = ("max_tokens", "response_format", "n", "stream_options", "messages")
TOOL_CHOICES = ("auto", "none", "required")
ALLOWED_TOOLS_MODES = ("auto", "required")
HOSTED_TOOL_CHOICES = (
    "web_search_preview",
    "web_search_preview_2025_03_11",
    "file_search",
    "computer_use_preview",
    "code_interpreter",
    "image_generation",
    "mcp",
    "apply_patch",
    "shell",
)
FORMAT_TYPES = ("text", "json_object", "json_schema")
EFFORTS = ("max", "xhigh", "high", "medium", "low", "minimal", "none")
SUMMARIES = ("auto", "concise", "detailed")


def validate_request(body: Any) -> list[Issue]:
    """Return every reason the Responses validator would reject `body` (empty: valid).

    Args:
        body: The parsed JSON request body.

    Returns:
        The issues, in field order.
    """
    if not isinstance(body, dict):
        return [type_issue([], "object", body)]
    checks = (
        _check_model,
        _check_stateless,
        _check_chat_keys,
        _check_stream,
        check_input,
        _check_tools,
        _check_tool_choice,
        _check_text,
        _check_reasoning,
    )
    return [found for check in checks for found in check(body)]


def _check_model(body: dict[str, Any]) -> list[Issue]:
    model, models = body.get("model", MISSING), body.get("models", MISSING)
    if _present(model) and not isinstance(model, str):
        return [type_issue(["model"], "string", model)]
    if _present(models) and not _is_str_list(models):
        return [type_issue(["models"], "array", models)]
    if (isinstance(model, str) and model) or (_is_str_list(models) and models):
        return []
    if model == "":
        too_small = {"origin": "string", "code": "too_small", "minimum": 1, "inclusive": True, "path": ["model"]}
        return [{**too_small, "message": "Too small: expected string to have >=1 characters"}]
    return [type_issue(["model"], "string", model)]


def _check_stateless(body: dict[str, Any]) -> list[Issue]:
    issues: list[Issue] = []
    if body.get("store") not in (None, False):
        store = {"code": "invalid_value", "values": [False], "path": ["store"]}
        issues.append({**store, "message": "Invalid input: expected false"})
    if body.get("previous_response_id") is not None:
        message = "previous_response_id is not supported: the Responses API is stateless"
        issues.append(issue(["previous_response_id"], message))
    return issues


def _check_chat_keys(body: dict[str, Any]) -> list[Issue]:
    found = [key for key in CHAT_ONLY_KEYS if key in body]
    return [unrecognized_issue([], key, f'Unrecognized key: "{key}" (a Chat Completions parameter)') for key in found]


def _check_stream(body: dict[str, Any]) -> list[Issue]:
    stream = body.get("stream")
    if stream is None or isinstance(stream, bool):
        return []
    return [type_issue(["stream"], "boolean", stream)]


def _check_tools(body: dict[str, Any]) -> list[Issue]:
    tools = body.get("tools")
    if tools is None:
        return []
    if not isinstance(tools, list):
        return [type_issue(["tools"], "array", tools)]
    return [found for index, tool in enumerate(tools) for found in _check_tool(tool, index)]


def _check_tool(tool: Any, index: int) -> list[Issue]:
    path: Path = ["tools", index]
    if not isinstance(tool, dict):
        return [type_issue(path, "object", tool)]
    if not isinstance(tool.get("type"), str):
        return [type_issue([*path, "type"], "string", tool.get("type", MISSING))]
    if tool["type"] != "function":
        return []
    issues: list[Issue] = []
    if "function" in tool:
        message = 'Unrecognized key: "function" (function tools are flat: name, parameters)'
        issues.append(unrecognized_issue(path, "function", message))
    if not isinstance(tool.get("name"), str):
        issues.append(type_issue([*path, "name"], "string", tool.get("name", MISSING)))
    parameters = tool.get("parameters")
    if parameters is not None and not isinstance(parameters, dict):
        issues.append(type_issue([*path, "parameters"], "object", parameters))
    return issues


def _check_tool_choice(body: dict[str, Any]) -> list[Issue]:
    choice = body.get("tool_choice")
    if choice is None or (isinstance(choice, str) and choice in TOOL_CHOICES):
        return []
    if not isinstance(choice, dict):
        return [value_issue(["tool_choice"], TOOL_CHOICES, choice)]
    kind = choice.get("type", MISSING)
    if kind == "function":
        return _check_named_function(choice, ["tool_choice"], body)
    if kind == "allowed_tools":
        return _check_allowed_tools(choice, body)
    if kind in HOSTED_TOOL_CHOICES:
        return []
    return [value_issue(["tool_choice", "type"], ("function", "allowed_tools", *HOSTED_TOOL_CHOICES), kind)]


def _check_named_function(choice: dict[str, Any], path: Path, body: dict[str, Any]) -> list[Issue]:
    name = choice.get("name", MISSING)
    if not isinstance(name, str):
        return [type_issue([*path, "name"], "string", name)]
    if name not in _tool_names(body.get("tools"), "function"):
        message = f"tool_choice names {name!r}, which is not a function tool of this request"
        return [issue([*path, "name"], message)]
    return []


def _check_allowed_tools(choice: dict[str, Any], body: dict[str, Any]) -> list[Issue]:
    path: Path = ["tool_choice"]
    issues: list[Issue] = []
    if choice.get("mode", MISSING) not in ALLOWED_TOOLS_MODES:
        issues.append(value_issue([*path, "mode"], ALLOWED_TOOLS_MODES, choice.get("mode", MISSING)))
    tools = choice.get("tools", MISSING)
    if not isinstance(tools, list):
        return [*issues, type_issue([*path, "tools"], "array", tools)]
    for index, tool in enumerate(tools):
        where: Path = [*path, "tools", index]
        if not isinstance(tool, dict) or not isinstance(tool.get("type"), str):
            issues.append(type_issue(where, "object", tool))
        elif tool["type"] in {"function", "custom"}:
            issues += _check_named_tool(tool, where, body)
    return issues


def _check_named_tool(entry: dict[str, Any], path: Path, body: dict[str, Any]) -> list[Issue]:
    """An `allowed_tools` entry naming a function or custom tool must name one this request binds."""
    if entry["type"] == "function":
        return _check_named_function(entry, path, body)
    name = entry.get("name", MISSING)
    if not isinstance(name, str):
        return [type_issue([*path, "name"], "string", name)]
    if name not in _tool_names(body.get("tools"), "custom"):
        return [issue([*path, "name"], f"tool_choice names {name!r}, which is not a custom tool of this request")]
    return []


def _tool_names(tools: Any, kind: str) -> set[str]:
    if not isinstance(tools, list):
        return set()
    return {
        tool["name"]
        for tool in tools
        if isinstance(tool, dict) and tool.get("type") == kind and isinstance(tool.get("name"), str)
    }


def _check_text(body: dict[str, Any]) -> list[Issue]:
    text = body.get("text")
    if text is None:
        return []
    if not isinstance(text, dict):
        return [type_issue(["text"], "object", text)]
    fmt = text.get("format")
    if fmt is None:
        return []
    if not isinstance(fmt, dict):
        return [type_issue(["text", "format"], "object", fmt)]
    kind = fmt.get("type", MISSING)
    if kind not in FORMAT_TYPES:
        return [value_issue(["text", "format", "type"], FORMAT_TYPES, kind)]
    return _check_json_schema(fmt) if kind == "json_schema" else []


def _check_json_schema(fmt: dict[str, Any]) -> list[Issue]:
    issues: list[Issue] = []
    if not isinstance(fmt.get("name"), str) or not fmt["name"]:
        issues.append(type_issue(["text", "format", "name"], "string", fmt.get("name", MISSING)))
    if not isinstance(fmt.get("schema"), dict):
        issues.append(type_issue(["text", "format", "schema"], "object", fmt.get("schema", MISSING)))
    if fmt.get("strict") is not None and not isinstance(fmt["strict"], bool):
        issues.append(type_issue(["text", "format", "strict"], "boolean", fmt["strict"]))
    return issues


def _check_reasoning(body: dict[str, Any]) -> list[Issue]:
    reasoning = body.get("reasoning")
    if reasoning is None:
        return []
    if not isinstance(reasoning, dict):
        return [type_issue(["reasoning"], "object", reasoning)]
    if not reasoning:
        return [issue(["reasoning"], "reasoning must not be empty: omit the field instead")]
    issues: list[Issue] = []
    for key, allowed in (("effort", EFFORTS), ("summary", SUMMARIES)):
        value = reasoning.get(key)
        if value is not None and value not in allowed:
            issues.append(value_issue(["reasoning", key], allowed, value))
    return issues


def _present(value: Any) -> bool:
    return value is not MISSING and value is not None


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(element, str) for element in value)
