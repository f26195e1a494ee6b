"""Today's item types stream in the openrouter SDK's event shapes (raw HTTP)."""

from __future__ import annotations

from typing import Any

import pytest
from openrouter import components
from pydantic import TypeAdapter

from langchain_openrouter_responses.emulator import (
    Emulator,
    Reply,
    armor_blocked_item,
    custom_tool_call_item,
    image_generation_item,
    tool_search_call_item,
)
from tests.emulator.conftest import Client

CODE_CALL = {
    "type": "code_interpreter_call",
    "id": "ci_1",
    "container_id": "cntr_1",
    "status": "completed",
    "code": "print(1 + 1)",
    "outputs": [{"type": "logs", "logs": "2"}],
}
ITEMS = [
    custom_tool_call_item("apply_patch", "*** Begin Patch\n*** End Patch"),
    tool_search_call_item({"query": "weather"}),
    armor_blocked_item("run_shell", '{"command": "rm -rf /"}'),
    CODE_CALL,
    image_generation_item(),
]
EVENTS: TypeAdapter[Any] = TypeAdapter(components.StreamEvents)


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: str(item["type"]))
def test_item_events_validate_against_the_sdk(emu: Emulator, client: Client, item: dict[str, Any]) -> None:
    emu.queue(Reply([item], delta_size=5))
    events = client.stream().events
    own = [event for event in events if event.get("output_index") == 0]
    assert own[0]["type"] == "response.output_item.added"
    assert own[-1] == {**own[-1], "type": "response.output_item.done", "item": item}
    for event in own:
        parsed = EVENTS.validate_python(event)
        assert not isinstance(parsed, components.UnknownStreamEvents), event["type"]
        assert not isinstance(getattr(parsed, "item", None), components.UnknownOutputItems), event["type"]


def test_streamed_pieces_add_up_to_the_item(emu: Emulator, client: Client) -> None:
    custom = ITEMS[0]
    emu.queue(Reply([custom, CODE_CALL], delta_size=5))
    events = client.stream().events
    custom_deltas = [e["delta"] for e in events if e["type"] == "response.custom_tool_call_input.delta"]
    code_deltas = [e["delta"] for e in events if e["type"] == "response.code_interpreter_call_code.delta"]
    assert "".join(custom_deltas) == custom["input"]
    assert "".join(code_deltas) == CODE_CALL["code"]
    types = [e["type"] for e in events if e.get("output_index") == 1]
    assert types[1:2] + types[-3:-1] == [
        "response.code_interpreter_call.in_progress",
        "response.code_interpreter_call.interpreting",
        "response.code_interpreter_call.completed",
    ]
