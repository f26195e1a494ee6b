"""Prompt-cache markers reach the body in OpenRouter's Responses form; the emulator honours explicit breakpoints."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import ValidationError

from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses.emulator import Emulator
from langchain_openrouter_responses.settings import CacheControl, PromptCacheOptions, explicit_breakpoint

EPHEMERAL = {"type": "ephemeral"}
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
LONG = " ".join(f"word{index}" for index in range(1500))


def test_cache_control_on_a_human_text_block_and_a_system_message(emulator: Emulator, make_llm: Any) -> None:
    make_llm().invoke(
        [
            SystemMessage("You are terse.", additional_kwargs={"cache_control": EPHEMERAL}),
            HumanMessage(
                [
                    {"type": "text", "text": "Here is the book.", "cache_control": {"type": "ephemeral", "ttl": "1h"}},
                    {"type": "text", "text": "Who is the hero?"},
                ]
            ),
        ]
    )
    system, user = emulator.requests[0].json["input"]
    assert system["content"] == [{"type": "input_text", "text": "You are terse.", "cache_control": EPHEMERAL}]
    assert user["content"] == [
        {"type": "input_text", "text": "Here is the book.", "cache_control": {"type": "ephemeral", "ttl": "1h"}},
        {"type": "input_text", "text": "Who is the hero?"},
    ]


def test_cache_control_on_system_blocks_images_and_files(emulator: Emulator, make_llm: Any) -> None:
    make_llm(model="openai/gpt-4o").invoke(
        [
            SystemMessage([{"type": "text", "text": "Rules.", "extras": {"cache_control": EPHEMERAL}}]),
            HumanMessage(
                [
                    {"type": "image", "base64": PNG, "mime_type": "image/png", "cache_control": EPHEMERAL},
                    {"type": "file", "url": "https://example.com/a.pdf", "cache_control": EPHEMERAL},
                ]
            ),
        ]
    )
    system, user = emulator.requests[0].json["input"]
    assert system["content"][0]["cache_control"] == EPHEMERAL
    assert [part["cache_control"] for part in user["content"]] == [EPHEMERAL, EPHEMERAL]
    assert [part["type"] for part in user["content"]] == ["input_image", "input_file"]


def test_top_level_cache_control_and_prompt_cache_options_are_typed(emulator: Emulator, make_llm: Any) -> None:
    llm = make_llm(cache_control=CacheControl(ttl="1h"), prompt_cache_options={"mode": "explicit", "ttl": "30m"})
    llm.invoke("hi")
    llm.invoke("hi", cache_control={"type": "ephemeral"}, prompt_cache_options=PromptCacheOptions())
    first, second = (request.json for request in emulator.requests)
    assert first["cache_control"] == {"type": "ephemeral", "ttl": "1h"}
    assert first["prompt_cache_options"] == {"mode": "explicit", "ttl": "30m"}
    assert second["cache_control"] == {"type": "ephemeral"}
    assert second["prompt_cache_options"] == {"mode": "explicit"}
    with pytest.raises(ValidationError, match="ttl"):
        ChatOpenRouterResponses(cache_control={"type": "ephemeral", "ttl": "2h"})
    with pytest.raises(ValidationError, match="mode"):
        ChatOpenRouterResponses(prompt_cache_options={"mode": "sometimes"})


def test_explicit_breakpoints_are_sent_and_cached(emulator: Emulator, make_llm: Any) -> None:
    llm = make_llm(model="openai/gpt-4o", prompt_cache_options=PromptCacheOptions())
    marked = [HumanMessage([explicit_breakpoint(LONG), {"type": "text", "text": "Question one?"}])]
    first = llm.invoke(marked)
    second = llm.invoke([HumanMessage([explicit_breakpoint(LONG), {"type": "text", "text": "Question two?"}])])
    unmarked = make_llm(model="openai/gpt-4o", prompt_cache_options=PromptCacheOptions())
    third = unmarked.invoke([HumanMessage([{"type": "text", "text": LONG}, {"type": "text", "text": "Question one?"}])])
    part = emulator.requests[0].json["input"][0]["content"][0]
    assert part["prompt_cache_breakpoint"] == {"mode": "explicit"}
    assert first.usage_metadata["input_token_details"]["cache_read"] == 0
    assert second.usage_metadata["input_token_details"]["cache_read"] == 1500
    # Explicit mode caches nothing without a breakpoint, however often the prefix repeats.
    assert third.usage_metadata["input_token_details"]["cache_read"] == 0
