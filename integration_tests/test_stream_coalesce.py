"""`stream_chunk_coalesce=True`: fewer chunks, the same message as without it and as `invoke`."""

from __future__ import annotations

from functools import reduce
from typing import Any

import pytest
from langchain_core.messages import AIMessageChunk

from langchain_openrouter_responses import OpenRouterStreamError
from langchain_openrouter_responses.emulator import Emulator, FixtureReply, Reply, reasoning_item, text_item

LONG = "The quick brown fox jumps over the lazy dog. " * 40  # 1,800 characters: 450 deltas of 4


def aggregate(chunks: list[AIMessageChunk]) -> AIMessageChunk:
    return reduce(lambda left, right: left + right, chunks)


def reply() -> Reply:
    return Reply([reasoning_item(text="Thinking it over. " * 20), text_item(LONG)], delta_size=4)


def test_coalesced_stream_aggregates_to_the_plain_stream_and_to_invoke(emulator: Emulator, make_llm: Any) -> None:
    plain, coalesced = make_llm(), make_llm(stream_chunk_coalesce=True)
    scripted = reply()
    emulator.queue(scripted, scripted, scripted)

    plain_chunks = list(plain.stream("Hi"))
    coalesced_chunks = list(coalesced.stream("Hi"))
    invoked = plain.invoke("Hi")

    assert len(coalesced_chunks) < len(plain_chunks) / 3
    merged = aggregate(coalesced_chunks)
    assert merged.content_blocks == aggregate(plain_chunks).content_blocks == invoked.content_blocks
    assert aggregate(coalesced_chunks[:-1]).text == invoked.text == LONG, "the deltas alone carry the text"


def test_a_recorded_stream_coalesces_to_the_same_message(emulator: Emulator, make_llm: Any) -> None:
    name = "stream-text-many-deltas-claude-3.5-sonnet"
    emulator.queue(FixtureReply(name), FixtureReply(name))

    plain_chunks = list(make_llm(model="anthropic/claude-3.5-sonnet").stream("Hi"))
    coalesced_chunks = list(make_llm(model="anthropic/claude-3.5-sonnet", stream_chunk_coalesce=True).stream("Hi"))

    assert len(coalesced_chunks) < len(plain_chunks) / 3
    assert aggregate(coalesced_chunks).content_blocks == aggregate(plain_chunks).content_blocks


def test_text_held_back_is_yielded_before_a_failure(emulator: Emulator, make_llm: Any) -> None:
    failing = Reply([text_item(LONG)], delta_size=4, fail_after=200, failure="response.failed")
    emulator.queue(failing, failing)
    received: dict[bool, list[str]] = {False: [], True: []}

    for coalesce in (False, True):
        with pytest.raises(OpenRouterStreamError):
            for chunk in make_llm(stream_chunk_coalesce=coalesce).stream("Hi"):
                received[coalesce].append(chunk.text)

    assert len(received[True]) < len(received[False])
    assert "".join(received[True]) == "".join(received[False])
    assert len("".join(received[True])) > 700  # most of the 200 events before the failure were text


async def test_coalesced_astream_matches(emulator: Emulator, make_llm: Any) -> None:
    emulator.queue(Reply([text_item(LONG)], delta_size=4), Reply([text_item(LONG)], delta_size=4))
    coalesced = make_llm(stream_chunk_coalesce=True)

    chunks = [chunk async for chunk in coalesced.astream("Hi")]
    plain = [chunk async for chunk in make_llm().astream("Hi")]

    assert len(chunks) < len(plain) / 3
    assert aggregate(chunks).text == aggregate(plain).text == LONG
