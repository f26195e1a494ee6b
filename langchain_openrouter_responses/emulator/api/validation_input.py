"""Checks of the `input` list: messages, reasoning items, function calls and their outputs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from langchain_openrouter_responses.emulator.api.issues import (
    MISSING,
    Issue,
    Path,
    issue,
    type_issue,
    value_issue,
)
from langchain_openrouter_responses.emulator.api.validation_parts import (
    ASSISTANT_PARTS,
    INPUT_PARTS,
    TOOL_OUTPUT_PARTS,
    check_part,
)

if TYPE_CHECKING:
    from collections.abc import Callable

ROLES = ("user", "system", "developer", "assistant")


def check_input(body: dict[str, Any]) -> list[Issue]:
    """Return the issues of `input` (a string, or a list of items)."""
    value = body.get("input", MISSING)
    if isinstance(value, str):
        return []
    if not isinstance(value, list):
        return [type_issue(["input"], "string | array", value)]
    calls: set[str] = set()
    issues: list[Issue] = []
    for index, item in enumerate(value):
        issues += _check_item(item, ["input", index], calls)
    return issues + _adjacent_updates(value)


CONFIGURATION_UPDATE = "configuration_update"


def _adjacent_updates(items: list[Any]) -> list[Issue]:
    """A `configuration_update` right after another one is refused, as OpenRouter documents."""
    kinds = [item.get("type") if isinstance(item, dict) else None for item in items]
    return [
        issue(["input", index], "Two adjacent configuration_update items; merge them into one")
        for index in range(1, len(kinds))
        if kinds[index] == kinds[index - 1] == CONFIGURATION_UPDATE
    ]


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
    allowed = INPUT_PARTS + ASSISTANT_PARTS if role == "assistant" else INPUT_PARTS
    issues = [
        found for index, part in enumerate(content) for found in check_part(part, allowed, [*path, "content", index])
    ]
    if role == "assistant" and _has_output_parts(content) and not isinstance(item.get("id"), str):
        issues.append(type_issue([*path, "id"], "string", item.get("id", MISSING)))
    return issues


def _has_output_parts(content: list[Any]) -> bool:
    return any(isinstance(part, dict) and part.get("type") in ASSISTANT_PARTS for part in content)


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
    issues = _check_output_value(item.get("output", MISSING), [*path, "output"])
    if call_id not in calls:
        message = f"No function_call with call_id {call_id!r} precedes this function_call_output"
        issues.append(issue([*path, "call_id"], message))
    return issues


def _check_output_value(output: Any, path: Path) -> list[Issue]:
    if isinstance(output, str):
        return []
    if not isinstance(output, list):
        return [type_issue(path, "string | array", output)]
    return [found for index, part in enumerate(output) for found in check_part(part, TOOL_OUTPUT_PARTS, [*path, index])]
