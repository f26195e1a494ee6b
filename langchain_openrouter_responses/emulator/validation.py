"""Request oracle: zod-like issues for bodies OpenRouter's validator would reject.

Each issue is ``{"code": ..., "path": [...], "message": ...}``; the list goes,
JSON-encoded, into ``metadata.raw`` of the 400 ``invalid_prompt`` body.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

Issue = dict[str, Any]
Path = list[str | int]

MISSING: Any = object()
CHAT_ONLY_KEYS = ("max_tokens", "response_format", "n", "stream_options", "messages")
ROLES = ("user", "system", "developer", "assistant")
INPUT_PARTS = ("input_text", "input_image", "input_file", "input_audio", "input_video")
ASSISTANT_PARTS = ("output_text", "refusal")
TOOL_CHOICES = ("auto", "none", "required")
EFFORTS = ("max", "xhigh", "high", "medium", "low", "minimal", "none")
SUMMARIES = ("auto", "concise", "detailed")
_TYPE_NAMES: tuple[tuple[type, str], ...] = (
    (bool, "boolean"),
    (int, "number"),
    (float, "number"),
    (str, "string"),
    (list, "array"),
    (dict, "object"),
)


def received(value: Any) -> str:
    """Return zod's name for the type of ``value`` (``undefined`` when missing)."""
    if value is MISSING:
        return "undefined"
    if value is None:
        return "null"
    return next((name for kind, name in _TYPE_NAMES if isinstance(value, kind)), "unknown")


def issue(path: Path, message: str, code: str = "custom") -> Issue:
    """Return one zod-like issue."""
    return {"code": code, "path": path, "message": message}


def type_issue(path: Path, expected: str, value: Any) -> Issue:
    """Return an ``invalid_type`` issue for ``value`` at ``path``."""
    message = f"Invalid input: expected {expected}, received {received(value)}"
    return {"expected": expected, "code": "invalid_type", "path": path, "message": message}


def value_issue(path: Path, allowed: tuple[str, ...], value: Any) -> Issue:
    """Return an ``invalid_value`` issue: ``value`` is not one of ``allowed``."""
    expected = " | ".join(f'"{name}"' for name in allowed)
    message = f"Invalid input: expected {expected}, received {_show(value)}"
    return {"code": "invalid_value", "values": list(allowed), "path": path, "message": message}


def unrecognized_issue(path: Path, key: str, message: str) -> Issue:
    """Return an ``unrecognized_keys`` issue for ``key``."""
    return {"code": "unrecognized_keys", "keys": [key], "path": path, "message": message}


def validate_request(body: Any) -> list[Issue]:
    """Return every reason the Responses validator would reject ``body`` (empty: valid).

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
        _check_input,
        _check_tools,
        _check_tool_choice,
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


def _check_input(body: dict[str, Any]) -> list[Issue]:
    value = body.get("input", MISSING)
    if isinstance(value, str):
        return []
    if not isinstance(value, list):
        return [type_issue(["input"], "string | array", value)]
    calls: set[str] = set()
    issues: list[Issue] = []
    for index, item in enumerate(value):
        issues += _check_item(item, ["input", index], calls)
    return issues


def _check_item(item: Any, path: Path, calls: set[str]) -> list[Issue]:
    if not isinstance(item, dict):
        return [type_issue(path, "object", item)]
    kind = item.get("type", "message" if "role" in item else MISSING)
    if not isinstance(kind, str):
        return [type_issue([*path, "type"], "string", kind)]
    if kind == "function_call" and isinstance(item.get("call_id"), str):
        calls.add(item["call_id"])
    if kind == "function_call_output":
        return _check_function_output(item, path, calls)
    check = _ITEM_CHECKS.get(kind)
    return check(item, path) if check else []


def _check_message(item: dict[str, Any], path: Path) -> list[Issue]:
    role = item.get("role", MISSING)
    if role not in ROLES:
        return [value_issue([*path, "role"], ROLES, role)]
    content = item.get("content")
    if content is None or isinstance(content, str):
        return []
    if not isinstance(content, list):
        return [type_issue([*path, "content"], "string | array", content)]
    issues = [
        found for index, part in enumerate(content) for found in _check_part(part, role, [*path, "content", index])
    ]
    if role == "assistant" and _has_output_parts(content) and not isinstance(item.get("id"), str):
        issues.append(type_issue([*path, "id"], "string", item.get("id", MISSING)))
    return issues


def _has_output_parts(content: list[Any]) -> bool:
    return any(isinstance(part, dict) and part.get("type") in ASSISTANT_PARTS for part in content)


def _check_part(part: Any, role: str, path: Path) -> list[Issue]:
    if not isinstance(part, dict):
        return [type_issue(path, "object", part)]
    kind = part.get("type", MISSING)
    allowed = INPUT_PARTS + ASSISTANT_PARTS if role == "assistant" else INPUT_PARTS
    if kind not in allowed:
        return [value_issue([*path, "type"], allowed, kind)]
    if kind in {"input_text", "output_text"} and not isinstance(part.get("text"), str):
        return [type_issue([*path, "text"], "string", part.get("text", MISSING))]
    return []


def _check_reasoning_item(item: dict[str, Any], path: Path) -> list[Issue]:
    issues: list[Issue] = []
    if not isinstance(item.get("id"), str):
        issues.append(type_issue([*path, "id"], "string", item.get("id", MISSING)))
    if not isinstance(item.get("summary"), list):
        issues.append(type_issue([*path, "summary"], "array", item.get("summary", MISSING)))
    return issues


def _check_function_call(item: dict[str, Any], path: Path) -> list[Issue]:
    return [
        type_issue([*path, key], "string", item.get(key, MISSING))
        for key in ("call_id", "name", "arguments")
        if not isinstance(item.get(key), str)
    ]


_ITEM_CHECKS: dict[str, Callable[[dict[str, Any], Path], list[Issue]]] = {
    "message": _check_message,
    "reasoning": _check_reasoning_item,
    "function_call": _check_function_call,
}


def _check_function_output(item: dict[str, Any], path: Path, calls: set[str]) -> list[Issue]:
    call_id = item.get("call_id", MISSING)
    if not isinstance(call_id, str):
        return [type_issue([*path, "call_id"], "string", call_id)]
    issues: list[Issue] = []
    output = item.get("output", MISSING)
    if not isinstance(output, str | list):
        issues.append(type_issue([*path, "output"], "string | array", output))
    if call_id not in calls:
        message = f"No function_call with call_id {call_id!r} precedes this function_call_output"
        issues.append(issue([*path, "call_id"], message))
    return issues


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
    if choice is None or choice in TOOL_CHOICES or isinstance(choice, dict):
        return []
    return [value_issue(["tool_choice"], TOOL_CHOICES, choice)]


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


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else received(value)
