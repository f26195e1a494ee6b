"""Mid-conversation reasoning changes: a `configuration_update` block keeps the cached prefix."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from langchain_openrouter_responses import MessageConversionError
from langchain_openrouter_responses.emulator import Emulator

LONG = " ".join(f"word{index}" for index in range(1500))
UPDATE = {"type": "configuration_update", "reasoning": {"effort": "high"}}
MODEL = "openai/gpt-5"


def cached(message: Any) -> int:
    return int(message.usage_metadata["input_token_details"].get("cache_read", 0))


def test_an_update_block_is_sent_right_before_its_message_and_keeps_the_cache(
    emulator: Emulator, make_llm: Any
) -> None:
    llm = make_llm(model=MODEL, reasoning={"effort": "low"})
    history = [HumanMessage(LONG), AIMessage("Read it.")]
    llm.invoke([*history, HumanMessage("Summarize.")])
    second = llm.invoke([*history, HumanMessage([UPDATE, {"type": "text", "text": "Find the failure modes."}])])
    sent = emulator.requests[1].json
    assert [item.get("type") for item in sent["input"]] == ["message", "message", "configuration_update", "message"]
    assert sent["input"][2] == UPDATE
    assert sent["reasoning"]["effort"] == "low"
    assert cached(second) >= 1024


def test_changing_the_request_effort_instead_misses_the_cache(emulator: Emulator, make_llm: Any) -> None:
    history = [HumanMessage(LONG), AIMessage("Read it.")]
    make_llm(model=MODEL, reasoning={"effort": "low"}).invoke([*history, HumanMessage("Summarize.")])
    second = make_llm(model=MODEL, reasoning={"effort": "high"}).invoke([*history, HumanMessage("Failure modes?")])
    assert cached(second) == 0


def test_two_adjacent_updates_fail_before_any_request(emulator: Emulator, make_llm: Any) -> None:
    other = {"type": "configuration_update", "reasoning": {"effort": "low"}}
    with pytest.raises(MessageConversionError, match="items 0 and 1 are both configuration_update.*Merge them"):
        make_llm(model=MODEL).invoke([HumanMessage([UPDATE, other, {"type": "text", "text": "Go."}])])
    with pytest.raises(MessageConversionError, match="items 1 and 2"):
        make_llm(model=MODEL).invoke([HumanMessage("Hi"), HumanMessage([UPDATE]), HumanMessage([other, "Go."])])
    assert emulator.requests == []
