"""Hosted and server-tool output items → standard v1 blocks, as langchain-core's OpenAI translator builds them.

A search, file search, code run or `openrouter:*` server-tool item becomes a
`server_tool_call` block (carrying the raw item in `extras["item"]`, for replay)
followed by a `server_tool_result` block. Pure functions over the decoded JSON.
"""

from __future__ import annotations

import json
from typing import Any

from langchain_openrouter_responses._wire.items import ITEM_KEY
from langchain_openrouter_responses._wire.safety import ARMOR_BLOCKED

SERVER_TOOL_PREFIX = "openrouter:"
CALL = "server_tool_call"
RESULT = "server_tool_result"
_HOSTED_NAMES = {
    "web_search_call": "web_search",
    "openrouter:web_search": "web_search",
    "file_search_call": "file_search",
    "code_interpreter_call": "code_interpreter",
}
_NOT_OUTPUT = frozenset({"id", "type", "status", "action", "arguments", "queries", "code"})
"""Keys of a generic `openrouter:*` item that are not its result."""
IMAGE_ITEMS = frozenset({"image_generation_call", "openrouter:image_generation"})


def server_tool_name(item_type: Any) -> str | None:
    """The `server_tool_call` name of an output item type, or None when it is no server-tool item.

    Args:
        item_type: The item's `type`.

    Returns:
        `web_search` (for `web_search_call` and `openrouter:web_search`), `file_search`,
        `code_interpreter`, or the tool after `openrouter:` (`datetime`, `tool_search`, ...);
        image generation is not here (it becomes an `image` block), nor is a call Armor blocked
        (`openrouter:armor_blocked`, a client tool call that did not run).
    """
    if not isinstance(item_type, str) or item_type in IMAGE_ITEMS or item_type == ARMOR_BLOCKED:
        return None
    if item_type in _HOSTED_NAMES:
        return _HOSTED_NAMES[item_type]
    return item_type.removeprefix(SERVER_TOOL_PREFIX) if item_type.startswith(SERVER_TOOL_PREFIX) else None


def call_id(position: int, item: dict[str, Any]) -> str:
    """The id tying a server-tool call to its result: the item's id, else one derived from its position."""
    return str(item.get("id") or f"{item.get('type')}_{position}")


def server_tool_blocks(position: int, item: dict[str, Any], name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The `server_tool_call` and `server_tool_result` blocks of one server-tool item.

    Args:
        position: The item's index in `output` (names the call when the item has no id).
        item: The output item.
        name: Its tool name (see `server_tool_name`).

    Returns:
        The call (with the raw item in `extras["item"]`) and the result.
    """
    identifier = call_id(position, item)
    args, output = _args_and_output(item)
    call: dict[str, Any] = {"type": CALL, "id": identifier, "name": name, "args": args, "extras": {ITEM_KEY: item}}
    result: dict[str, Any] = {"type": RESULT, "tool_call_id": identifier}
    status = item.get("status")
    if status == "completed":
        result["status"] = "success"
    elif status in {"failed", "incomplete"}:
        result["status"] = "error"
    if output is not None:
        result["output"] = output
    if status not in {"completed", "failed"} and status is not None:
        result["extras"] = {"status": status}
    return call, result


def _args_and_output(item: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    kind = item.get("type")
    if kind in {"web_search_call", "openrouter:web_search"}:
        action: dict[str, Any] = item["action"] if isinstance(item.get("action"), dict) else {}
        sources = action.get("sources")
        return {k: v for k, v in action.items() if k != "sources"}, {"sources": sources} if sources else None
    if kind == "file_search_call":
        return {"queries": item.get("queries") or []}, item.get("results")
    if kind == "code_interpreter_call":
        return ({"code": item["code"]} if item.get("code") is not None else {}), item.get("outputs")
    args = _arguments(item.get("arguments"))
    if not args and isinstance(item.get("action"), dict):
        args = dict(item["action"])
    output = {k: v for k, v in item.items() if k not in _NOT_OUTPUT}
    return args, output or None


def _arguments(arguments: Any) -> dict[str, Any]:
    if isinstance(arguments, dict):
        return arguments
    if isinstance(arguments, str) and arguments:
        try:
            parsed = json.loads(arguments)
        except ValueError:
            return {"arguments": arguments}
        return parsed if isinstance(parsed, dict) else {"arguments": parsed}
    return {}


def announced_blocks(name: str, item: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """What a stream shows when a server-tool item is announced (`output_item.added`), before it runs.

    Args:
        name: The tool name.
        item: The in-progress item.

    Returns:
        The call (name, empty args, and the id when known) and an empty result; the final
        chunk fills in the rest, leaving out what these already carry so merging keeps it once.
    """
    call: dict[str, Any] = {"type": CALL, "name": name, "args": {}}
    result: dict[str, Any] = {"type": RESULT}
    if item.get("id"):
        call["id"] = result["tool_call_id"] = str(item["id"])
    return call, result


def image_block(item: dict[str, Any]) -> dict[str, Any] | None:
    """The v1 `image` block of an `image_generation_call` (or `openrouter:image_generation`) item.

    Args:
        item: The output item.

    Returns:
        `{"type": "image", "base64", "mime_type", "id", "extras": {"item": ...}}` (or `url` for an
        image given by URL), or None when the item carries no image (still running, failed).
    """
    result = item.get("result") or item.get("image_b64") or item.get("imageB64")
    url = item.get("image_url") or item.get("imageUrl")
    block: dict[str, Any] = {"type": "image"}
    if isinstance(result, str) and result.startswith(("http://", "https://")):
        block["url"] = result
    elif isinstance(result, str) and result:
        block["base64"] = result
        block["mime_type"] = f"image/{item.get('output_format') or 'png'}"
    elif isinstance(url, str) and url:
        block["url"] = url
    else:
        return None
    if item.get("id"):
        block["id"] = item["id"]
    block["extras"] = {ITEM_KEY: item}
    return block
