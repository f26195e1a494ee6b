"""OpenRouter's safety output: tool calls that Armor blocked.

With `plugins=[{"id": "armor", "output_mode": "custom_item", ...}]`, a client tool call that
Armor blocks comes back as an `openrouter:armor_blocked` item in place of the call. The model
already received the item's `reason` as the call's result, so it is no tool call for the client
to run: its `content_blocks` entry is an `invalid_tool_call` whose error names the blocking rule,
and its raw item rides in a `non_standard` block so it replays exactly (replaying it gives the
model that result again). Armor's per-call verdicts (`safeguard_results`) and the alignment
plugin's (`alignment`) are in `response_metadata`. Pure functions over plain dicts.
"""

from __future__ import annotations

from typing import Any

from langchain_openrouter_responses._wire.items import ITEM_KEY

ARMOR_BLOCKED = "openrouter:armor_blocked"
SAFETY_METADATA = ("safeguard_results", "alignment")
"""Top-level response fields copied to `response_metadata`."""


def is_blocked_call(item: Any) -> bool:
    """Tell whether an output item is a tool call Armor blocked.

    Args:
        item: An output item.

    Returns:
        True for an `openrouter:armor_blocked` item.
    """
    return isinstance(item, dict) and item.get("type") == ARMOR_BLOCKED


def blocked_call_block(item: dict[str, Any]) -> dict[str, Any]:
    """The `invalid_tool_call` block showing a blocked call.

    Args:
        item: An `openrouter:armor_blocked` item.

    Returns:
        The block: the call's id, name and arguments as the model wrote them, an error naming the
        rule and the result the model got, and the raw item in `extras["item"]`.
    """
    rule = item.get("explanation") or "a rule"
    error = f"Blocked by OpenRouter Armor ({rule}); the model was told: {item.get('reason') or ''}"
    return {
        "type": "invalid_tool_call",
        "id": item.get("call_id"),
        "name": item.get("name"),
        "args": item.get("arguments"),
        "error": error,
        "extras": {ITEM_KEY: item},
    }
