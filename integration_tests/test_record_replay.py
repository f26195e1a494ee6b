"""Record through the emulator's proxy, then replay offline: a second emulator stands in for OpenRouter."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import AIMessageChunk

from langchain_openrouter_responses import ChatOpenRouterResponses, OpenRouterNotFoundError
from langchain_openrouter_responses.emulator import Emulator

UPSTREAM_KEY = "sk-or-v1-0123456789abcdef0123456789abcdef"  # a key-like value that must never reach disk


def streamed(llm: ChatOpenRouterResponses, prompt: str) -> AIMessageChunk:
    full: Any = None
    for chunk in llm.stream(prompt):
        full = chunk if full is None else full + chunk
    assert isinstance(full, AIMessageChunk)
    return full


def reasoning(message: Any) -> list[str]:
    return [block.get("reasoning", "") for block in message.content_blocks if block["type"] == "reasoning"]


def model_at(emulator: Emulator, key: str = UPSTREAM_KEY, **settings: Any) -> ChatOpenRouterResponses:
    settings.setdefault("model", "anthropic/claude-sonnet-4")
    settings.setdefault("reasoning", {"effort": "low"})
    return ChatOpenRouterResponses(base_url=emulator.base_url, api_key=key, max_retries=0, **settings)


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    """Record a stream, a JSON answer and the same question twice through the proxy."""
    with Emulator(UPSTREAM_KEY) as upstream, Emulator(record_to=tmp_path, upstream=upstream.base_url) as proxy:
        direct = streamed(model_at(upstream), "Share a 2 sentence horror story")
        through = streamed(model_at(proxy), "Share a 2 sentence horror story")
        assert through.text == direct.text
        assert reasoning(through) == reasoning(direct) != []
        assert model_at(proxy, reasoning=None).invoke("Write a haiku").text.startswith("Requests drift")
        model_at(proxy, model="openai/gpt-4o-mini", reasoning=None).invoke("Hi")
        model_at(proxy, model="openai/gpt-4o-mini", reasoning=None).invoke("Hi")
    return tmp_path


def test_the_proxy_writes_the_bundled_format_without_the_key(recorded: Path) -> None:
    names = sorted(path.name for path in recorded.iterdir())

    assert names[:3] == [
        "0001-anthropic-claude-sonnet-4-stream.meta.json",
        "0001-anthropic-claude-sonnet-4-stream.request.json",
        "0001-anthropic-claude-sonnet-4-stream.sse",
    ]
    assert "0002-anthropic-claude-sonnet-4-json.response.json" in names
    assert len(names) == 12
    for path in recorded.iterdir():
        assert UPSTREAM_KEY not in path.read_text(encoding="utf-8"), path.name
    meta = json.loads((recorded / "0001-anthropic-claude-sonnet-4-stream.meta.json").read_text())
    assert meta["request_headers"]["authorization"] == "[REDACTED]"
    assert "request header authorization" in meta["redacted"]
    assert meta["http_status"] == 200
    assert meta["streaming"] is True
    assert meta["complete"] is True
    assert meta["response_model"] == "anthropic/claude-sonnet-4"
    assert meta["timing"]["first_byte_ms"] <= meta["timing"]["total_ms"]
    sse = (recorded / "0001-anthropic-claude-sonnet-4-stream.sse").read_bytes()
    assert sse.startswith(b": OPENROUTER PROCESSING\n\ndata: {")
    assert sse.endswith(b"data: [DONE]\n\n")


def test_replay_answers_offline_with_the_recorded_text_and_reasoning(recorded: Path) -> None:
    with Emulator(UPSTREAM_KEY) as upstream:
        direct = streamed(model_at(upstream), "Share a 2 sentence horror story")

    with Emulator(replay=recorded) as replay:
        again = streamed(model_at(replay, key=replay.api_key or ""), "Share a 2 sentence horror story")
        haiku = model_at(replay, key=replay.api_key or "", reasoning=None).invoke("Write a haiku")

    assert again.text == direct.text
    assert reasoning(again) == reasoning(direct)
    assert haiku.text.startswith("Requests drift")


def test_identical_requests_replay_in_recorded_order_then_stop(recorded: Path) -> None:
    with Emulator(replay=recorded) as replay:
        llm = model_at(replay, key=replay.api_key or "", model="openai/gpt-4o-mini", reasoning=None)
        first, second = llm.invoke("Hi"), llm.invoke("Hi")
        with pytest.raises(OpenRouterNotFoundError, match="already replayed"):
            llm.invoke("Hi")

    recorded_ids = [
        json.loads((recorded / name).read_text().strip())["id"]
        for name in ("0003-openai-gpt-4o-mini-json.response.json", "0004-openai-gpt-4o-mini-json.response.json")
    ]
    assert [first.id, second.id] == recorded_ids


def test_an_unrecorded_request_names_the_closest_recording_and_the_difference(recorded: Path) -> None:
    with Emulator(replay=recorded) as replay:
        llm = model_at(replay, key=replay.api_key or "", reasoning=None)
        with pytest.raises(OpenRouterNotFoundError) as caught:
            llm.invoke("Write a limerick")

    message = str(caught.value)
    assert "0002-anthropic-claude-sonnet-4-json" in message
    assert "differs in: input" in message


def test_record_and_replay_together_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not both"):
        Emulator(record_to=tmp_path, replay=tmp_path)
