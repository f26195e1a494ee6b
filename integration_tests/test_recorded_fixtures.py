"""Every recorded OpenRouter reply, served byte for byte by the emulator, through invoke and stream.

The bundled recordings with hand-checked expectations are listed in `KNOWN_STREAMS`; any other
stream in the folder (a new recording imported by scripts/import_recordings.py) is picked up
automatically, with its expectations read from the recording's own final response object.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
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


KNOWN_STREAMS: dict[str, Outcome | None] = {
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


def final_response(sse: bytes) -> dict[str, Any] | None:
    """The response object of the stream's last terminal event; None when an event does not parse."""
    final: dict[str, Any] | None = None
    for line in sse.split(b"\n"):
        if not line.startswith(b"data: {"):
            continue
        try:
            event = json.loads(line[len(b"data: ") :])
        except ValueError:
            return None
        if event.get("type") in {"response.completed", "response.incomplete"}:
            final = event["response"]
    return final


def outcome_from_recording(folder: Path, name: str) -> Outcome | None:
    """What a client must make of a recorded stream, read from its final response object (raw JSON).

    None means the recording is cut (an event is not valid JSON): the client must raise.
    """
    final = final_response((folder / f"{name}.sse").read_bytes())
    if final is None:
        return None
    output = final.get("output") or []
    texts = [
        part["text"]
        for item in output
        if item.get("type") == "message"
        for part in item.get("content") or []
        if part.get("type") == "output_text"
    ]
    calls = [item for item in output if item.get("type") == "function_call"]
    reasoning = [item for item in output if item.get("type") == "reasoning"]
    if final.get("status") == "incomplete":
        reason = (final.get("incomplete_details") or {}).get("reason")
        finish = "length" if reason == "max_output_tokens" else str(reason or "incomplete")
    else:
        finish = "tool_calls" if calls else "stop"
    reasoning_texts = [part.get("text", "") for item in reasoning for part in item.get("content") or []]
    return Outcome(
        model=final["model"],
        text_start="".join(texts)[:40],
        finish_reason=finish,
        reasoning_start=reasoning_texts[0][:30] if len(reasoning) == 1 and reasoning_texts else None,
        reasoning_item={"id": reasoning[0]["id"]} if len(reasoning) == 1 else {},
        tool_args=json.loads(calls[0]["arguments"]) if len(calls) == 1 else None,
        total_tokens=(final.get("usage") or {}).get("total_tokens"),
    )


def discover_streams(folder: Path) -> dict[str, Outcome | None]:
    """Every stream of `folder`: the known expectations where written, else read from the recording."""
    names = sorted(path.name.removesuffix(".sse") for path in folder.glob("*.sse"))
    return {
        name: KNOWN_STREAMS[name] if name in KNOWN_STREAMS else outcome_from_recording(folder, name) for name in names
    }


STREAMS = discover_streams(FIXTURES_DIR)
BODIES = sorted(path.name.removesuffix(".response.json") for path in FIXTURES_DIR.glob("*.response.json"))


def test_every_known_outcome_names_a_bundled_stream() -> None:
    assert set(KNOWN_STREAMS) <= set(STREAMS)
    assert len(KNOWN_STREAMS) == 11


def test_a_new_recording_is_discovered_with_expectations_from_its_response(tmp_path: Path) -> None:
    for suffix in (".sse", ".request.json", ".meta.json"):
        shutil.copyfile(FIXTURES_DIR / f"stream-text-gpt-4o-mini{suffix}", tmp_path / f"live-stream-text{suffix}")
    shutil.copyfile(FIXTURES_DIR / "stream-tool-call-args-only-in-completed-claude.sse", tmp_path / "live-tool.sse")
    shutil.copyfile(
        FIXTURES_DIR / "stream-tool-call-completed-truncated-claude-2nd-call.sse", tmp_path / "live-cut.sse"
    )

    found = discover_streams(tmp_path)

    assert sorted(found) == ["live-cut", "live-stream-text", "live-tool"]
    assert found["live-cut"] is None, "a cut recording: the client must raise"
    assert found["live-stream-text"] == Outcome("openai/gpt-4o-mini", "Paris.", total_tokens=21)
    tool = found["live-tool"]
    assert tool is not None
    assert (tool.model, tool.finish_reason, tool.text_start) == ("anthropic/claude-sonnet-4.5", "tool_calls", "")
    assert tool.tool_args == {"message": "Hello from the user"}, "arguments only in response.completed"


def test_a_discovered_recording_is_checked_like_a_known_one(
    emulator: Emulator, make_llm: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copyfile(FIXTURES_DIR / "stream-reasoning-text-minimax-m3.sse", tmp_path / "live-minimax.sse")
    monkeypatch.setenv("OPENROUTER_FIXTURES_DIR", str(tmp_path))
    outcome = discover_streams(tmp_path)["live-minimax"]
    assert outcome is not None
    emulator.queue(FixtureReply("live-minimax"))

    check(make_llm(streaming=True).invoke("replay"), outcome)


@pytest.mark.parametrize("name", sorted(KNOWN_STREAMS))
def test_expectations_read_from_a_recording_agree_with_the_known_ones(name: str) -> None:
    known, derived = KNOWN_STREAMS[name], outcome_from_recording(FIXTURES_DIR, name)
    if known is None:
        assert derived is None
        return
    assert derived is not None
    assert (derived.model, derived.finish_reason, derived.tool_args) == (
        known.model,
        known.finish_reason,
        known.tool_args,
    )
    assert derived.text_start.startswith(known.text_start) or known.text_start.startswith(derived.text_start)
    assert known.total_tokens in {None, derived.total_tokens}
    if known.reasoning_item.get("id"):
        assert derived.reasoning_item["id"] == known.reasoning_item["id"]
    if known.reasoning_start:
        assert derived.reasoning_start is not None
        assert derived.reasoning_start.startswith(known.reasoning_start[:30])


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
