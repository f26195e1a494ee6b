"""Safety output: calls Armor blocked, Armor's verdicts and the alignment plugin's, invoked and streamed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.messages import HumanMessage

from integration_tests.helpers import aggregate
from langchain_openrouter_responses.emulator import Emulator, Reply, armor_blocked_item, text_item

BLOCKED = armor_blocked_item(
    "run_shell",
    '{"command": "rm -rf /"}',
    explanation="[No destructive commands]",
    reason="Blocked: destructive command.",
    call_id="call_rm",
)
VERDICTS = [
    {
        "type": "dangerous_tool_use",
        "status": {
            "type": "available",
            "tool_uses": {"call_rm": {"type": "evaluated", "outcome": "flagged", "explanation": "deletes files"}},
        },
    }
]
ALIGNMENT = {
    "calls": [{"call": 0, "outcome": "blocked", "rules": [{"applicable": True, "broken": True, "probability": 0.97}]}]
}
OUTPUT = [BLOCKED, text_item("I will not delete everything.")]


def reply() -> Reply:
    return Reply(OUTPUT, delta_size=5, response_fields={"safeguard_results": VERDICTS, "alignment": ALIGNMENT})


@pytest.mark.parametrize("output_version", [None, "v1"])
def test_a_blocked_call_is_no_tool_call_and_no_server_tool_success(
    emulator: Emulator, make_llm: Any, output_version: str | None
) -> None:
    emulator.queue(reply(), reply(), Reply([text_item("ok")]))
    llm = make_llm(output_version=output_version)
    invoked = llm.invoke("clean the disk")
    streamed = aggregate(list(llm.stream("clean the disk")))
    for message in (invoked, streamed):
        assert message.tool_calls == []
        blocks = message.content_blocks
        assert not [block for block in blocks if block["type"] in {"server_tool_call", "server_tool_result"}]
        (blocked,) = [block for block in blocks if block["type"] == "invalid_tool_call"]
        assert (blocked["id"], blocked["name"], blocked["args"]) == ("call_rm", "run_shell", '{"command": "rm -rf /"}')
        assert "[No destructive commands]" in blocked["error"]
        assert "Blocked: destructive command." in blocked["error"]
        assert message.response_metadata["safeguard_results"] == VERDICTS
        assert message.response_metadata["alignment"] == ALIGNMENT
        assert message.response_metadata["finish_reason"] == "stop"
    assert streamed.content == invoked.content
    llm.invoke([HumanMessage("clean the disk"), streamed, HumanMessage("fine")])
    assert json.dumps(emulator.requests[2].json["input"][1]) == json.dumps(BLOCKED)
