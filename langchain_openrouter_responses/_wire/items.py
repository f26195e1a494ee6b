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
