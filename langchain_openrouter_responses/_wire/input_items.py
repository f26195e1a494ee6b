"""Input-only items written as content blocks of a human, system or developer message.

langchain-openai's convention: a block such as `{"type": "configuration_update", "reasoning":
{"effort": "high"}}` or `{"type": "tool_search_output", ...}` in a message's content is no part
of the message but an input item of its own, sent right before the message (a
`configuration_update` must precede the message it applies to). Pure functions over plain dicts.
"""

from __future__ import annotations

from typing import Any

from langchain_openrouter_responses._wire.agent_calls import found_tools
from langchain_openrouter_responses._wire.parts import MessageConversionError

INPUT_ONLY_ITEMS: dict[str, tuple[str, ...]] = {
    "configuration_update": ("reasoning",),
    "tool_search_output": ("call_id", "execution", "tools"),
    "mcp_approval_response": ("approval_request_id", "approve"),
    "apply_patch_call_output": ("call_id", "status"),
    "shell_call_output": ("call_id", "output"),
    "local_shell_call_output": ("id", "output"),
    "item_reference": ("id",),
    "context_compaction": (),
    "compaction": ("encrypted_content",),
    "additional_tools": ("role", "tools"),
}
"""Item types OpenRouter takes only as input (from the SDK's input union), with their required keys."""
_STREAM_KEYS = ("index",)
"""Keys LangChain adds to blocks (stream merging) that are no part of the item."""


def is_item_block(block: Any) -> bool:
    """Tell whether a content block is an input-only item rather than a part of the message.

    Args:
        block: A content block.

    Returns:
        True for a dict whose `type` is one of `INPUT_ONLY_ITEMS`.
    """
    return isinstance(block, dict) and block.get("type") in INPUT_ONLY_ITEMS


def item_of_block(block: dict[str, Any], where: str) -> dict[str, Any]:
    """The input item an item block stands for.

    Args:
        block: A block for which `is_item_block` is true.
        where: The message it is in, for the error message.

    Returns:
        The block as an item, without LangChain's stream keys.

    Raises:
        MessageConversionError: A key OpenRouter requires for that item is missing.
    """
    kind = block["type"]
    if missing := [key for key in INPUT_ONLY_ITEMS[kind] if key not in block]:
        raise MessageConversionError(
            f"The {kind!r} block in {where} lacks {', '.join(map(repr, missing))}, which OpenRouter requires "
            f"for a {kind} item; add {'it' if len(missing) == 1 else 'them'} to the block."
        )
    if kind == "configuration_update" and not isinstance(block["reasoning"], dict):
        raise MessageConversionError(
            f"The configuration_update block in {where} has reasoning={block['reasoning']!r}; "
            'it takes an object such as {"effort": "high"}.'
        )
    item = {key: value for key, value in block.items() if key not in _STREAM_KEYS}
    if kind == "tool_search_output":
        # The same reading as a ToolMessage answering the search: a list of tool definitions,
        # chat-shaped functions flattened.
        item["tools"] = found_tools(block["tools"], str(block["call_id"]))
    return item


def refuse_adjacent_updates(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Refuse two `configuration_update` items in a row, which OpenRouter rejects.

    Args:
        items: The request's input items.

    Returns:
        The items, unchanged.

    Raises:
        MessageConversionError: Two updates are adjacent.
    """
    kinds = [item.get("type") for item in items]
    for position in range(1, len(kinds)):
        if kinds[position - 1] == kinds[position] == "configuration_update":
            raise MessageConversionError(
                f"Input items {position - 1} and {position} are both configuration_update items; OpenRouter "
                "rejects two adjacent updates. Merge them into one block (the later settings win)."
            )
    return items
