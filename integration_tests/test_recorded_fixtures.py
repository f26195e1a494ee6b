"""Every recorded OpenRouter reply, served byte for byte by the emulator, through invoke and stream."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from langchain_core.messages import AIMessageChunk, BaseMessage

from integration_tests.helpers import aggregate
from langchain_openrouter_responses import OpenRouterStreamError
from langchain_openrouter_responses.emulator import FIXTURES_DIR, Emulator, FixtureReply


@dataclass(frozen=True)
class Outcome:
    """What a recording is known to contain (from the fixtures' README and meta files)."""

    model: str
    text_start: str = ""
    finish_reason: str = "stop"
    reasoning_start: str | None = None
    reasoning_item: dict[str, Any] = field(default_factory=dict)
    tool_args: dict[str, Any] | None = None
    total_tokens: int | None = None


STREAMS: dict[str, Outcome | None] = {
    "stream-text-gpt-4o-mini": Outcome("openai/gpt-4o-mini", "Paris.", total_tokens=21),
    "stream-text-many-deltas-claude-3.5-sonnet": Outcome(
        "anthropic/claude-3.5-sonnet", "The most recent SpaceX launch", total_tokens=219
    ),
    "stream-text-long-input-claude-sonnet-4": Outcome(
        "anthropic/claude-sonnet-4", 'I counted the "a" characters', total_tokens=1444
    ),
    "stream-reasoning-encrypted-content-gpt-5.6-sol": Outcome(
        "openai/gpt-5.6-sol",
        "Two memory-safety bugs",
        reasoning_item={"format": "openai-responses-v1"},
        total_tokens=9452,
    ),
    "stream-reasoning-text-minimax-m3": Outcome(
        "minimax/minimax-m3",
        "**Memory-Safety Bugs**",
        reasoning_start="The user is asking",
        reasoning_item={"format": "unknown", "id": "rs_tmp_wd5mz29iy2m"},
        total_tokens=10964,
    ),
    "stream-reasoning-text-signature-claude-3.7-thinking": Outcome(
        "anthropic/claude-3.7-sonnet:thinking",
        "The capital of France is Paris.",
        reasoning_item={"format": "anthropic-claude-v1", "id": "rs_tmp_nko7ahyvgxc"},
        total_tokens=131,
    ),
    "stream-tool-call-args-only-in-completed-claude": Outcome(
        "anthropic/claude-sonnet-4.5", finish_reason="tool_calls", tool_args={"message": "Hello from the user"}
    ),
    "stream-tool-call-args-only-in-completed-claude-5th-call": Outcome(
        "anthropic/claude-sonnet-4.5", finish_reason="tool_calls", tool_args={"message": "Hello from the assistant"}
    ),
    # The recordings' final response.completed event was cut off: a clear error, never a silent answer.
    "stream-tool-call-completed-truncated-claude-1st-call": None,
    "stream-tool-call-completed-truncated-claude-2nd-call": None,
    "stream-tool-call-completed-truncated-claude-3rd-call": None,
}

BODIES = sorted(path.name.removesuffix(".response.json") for path in FIXTURES_DIR.glob("json-*.response.json"))


def test_every_recorded_stream_has_a_known_outcome() -> None:
    assert set(STREAMS) == {path.stem for path in FIXTURES_DIR.glob("*.sse")}


def check(message: BaseMessage, outcome: Outcome) -> None:
    metadata = message.response_metadata
    assert metadata["model_name"] == outcome.model
    assert metadata["finish_reason"] == outcome.finish_reason
    assert message.text.startswith(outcome.text_start)
    usage = message.usage_metadata  # type: ignore[attr-defined]
    if outcome.total_tokens is not None:
        assert usage["total_tokens"] == outcome.total_tokens
    reasoning = [block for block in message.content_blocks if block["type"] == "reasoning"]
    if outcome.reasoning_item:
        (block,) = reasoning
        item = block["extras"]["item"]
        assert {key: item[key] for key in outcome.reasoning_item} == outcome.reasoning_item
        assert item.get("encrypted_content") or item.get("content")
    else:
        assert reasoning == []
    if outcome.reasoning_start:
        assert reasoning[0]["reasoning"].startswith(outcome.reasoning_start)
        assert outcome.reasoning_start not in message.text
    if outcome.tool_args is not None:
        assert [call["args"] for call in message.tool_calls] == [outcome.tool_args]  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_recorded_stream_through_stream(emulator: Emulator, llm: Any, name: str) -> None:
    emulator.queue(FixtureReply(name))
    outcome = STREAMS[name]
    chunks: list[AIMessageChunk] = []
    if outcome is None:
        with pytest.raises(OpenRouterStreamError, match="not valid JSON"):
            chunks.extend(llm.stream("replay"))
        assert chunks, "chunks before the cut reach the caller"
        return
    chunks.extend(llm.stream("replay"))
    check(aggregate(chunks), outcome)


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_recorded_stream_through_invoke(emulator: Emulator, make_llm: Any, name: str) -> None:
    emulator.queue(FixtureReply(name))
    llm = make_llm(streaming=True)
    outcome = STREAMS[name]
    if outcome is None:
        with pytest.raises(OpenRouterStreamError, match="not valid JSON"):
            llm.invoke("replay")
        return
    check(llm.invoke("replay"), outcome)


@pytest.mark.parametrize("name", BODIES)
async def test_recorded_json_body_through_ainvoke(emulator: Emulator, llm: Any, name: str) -> None:
    emulator.queue(FixtureReply(name))
    message = await llm.ainvoke("replay")
    assert message.response_metadata["status"] == "completed"
    assert message.text
    assert message.usage_metadata["total_tokens"] > 0
    assert message.response_metadata["cost"] > 0
