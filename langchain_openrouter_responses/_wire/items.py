"""Where a content block keeps the raw OpenRouter output item it came from, for exact replay."""

from __future__ import annotations

from typing import Any

ITEM_KEY = "item"
"""Key, in a block's `extras` (or a `non_standard` block's `value`), of the raw output item."""


def raw_item(block: Any) -> dict[str, Any] | None:
    """Return the raw output item a content block carries, if any.

    Standard blocks keep it in `extras["item"]`; `non_standard` blocks (items with no
    standard block, such as function calls) keep it in `value["item"]`.

    Args:
        block: A content block (anything else carries no item).

    Returns:
        The raw item, or None.
    """
    if not isinstance(block, dict):
        return None
    holder = block.get("value") if block.get("type") == "non_standard" else block.get("extras")
    item = holder.get(ITEM_KEY) if isinstance(holder, dict) else None
    return item if isinstance(item, dict) else None


def announced_block(index: int) -> dict[str, Any]:
    """The placeholder a stream shows when an item without a standard block is announced.

    An empty `non_standard` block keeps the item's place in output order; the final chunk fills in
    the raw item. Custom tool calls, client tool searches and calls Armor blocked get one. For
    `content_blocks`, it stands for the call's tool-call chunk when its chunk has one at that index,
    and for a blocked call otherwise.

    Args:
        index: The block's index.

    Returns:
        The placeholder block.
    """
    return {"type": "non_standard", "value": {}, "index": index}


def is_announced_block(block: dict[str, Any]) -> bool:
    """Tell whether a block is the placeholder of `announced_block`.

    Args:
        block: A content block.

    Returns:
        True for an empty `non_standard` block.
    """
    return block.get("type") == "non_standard" and block.get("value") == {}
