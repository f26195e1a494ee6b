"""Where blocks keep their raw output items: one helper for every reader."""

from __future__ import annotations

from typing import Any

import pytest

from langchain_openrouter_responses._wire.items import raw_item

ITEM = {"type": "function_call", "call_id": "c", "name": "f", "arguments": "{}"}


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ({"type": "non_standard", "value": {"item": ITEM}}, ITEM),
        ({"type": "text", "text": "x", "extras": {"item": ITEM}}, ITEM),
        ({"type": "non_standard", "extras": {"item": ITEM}}, None),
        ({"type": "text", "value": {"item": ITEM}}, None),
        ({"type": "text", "extras": {"item": "not a dict"}}, None),
        ({"type": "text", "extras": None}, None),
        ("plain text", None),
    ],
)
def test_raw_item_reads_value_of_non_standard_blocks_and_extras_of_others(block: Any, expected: Any) -> None:
    assert raw_item(block) == expected
