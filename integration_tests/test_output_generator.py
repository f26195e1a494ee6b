"""Generated outputs (tests/generators/responses.py), served byte for byte over loopback to the real client.

For every drawn output: the sum of `stream()` equals `invoke()` (text, content blocks, tool calls,
invalid tool calls, usage, metadata), with and without `stream_chunk_coalesce`, sync and async; and
the next turn's request body is the same bytes whichever of these messages the history holds,
also after `dumpd`/`load`, pickle and `messages_to_dict`/`messages_from_dict`. A failed response
raises on both paths; a stream cut short yields the same text with and without coalescing.
"""

from __future__ import annotations

import asyncio
import pickle
import random
import warnings
from collections.abc import Iterator
from functools import reduce
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from langchain_core.load import dumpd, load
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    messages_from_dict,
    messages_to_dict,
)

from langchain_openrouter_responses import ChatOpenRouterResponses, OpenRouterError
from tests.generators.loopback import API_KEY, LoopbackServer, Scripted
from tests.generators.responses import (
    MODEL,
    cut_short,
    json_body,
    random_writes,
    responses,
    sse_bytes,
    sse_events,
)

RNGS = st.randoms(use_true_random=False)
FIFTEEN_CALLS_AN_EXAMPLE = settings(max_examples=50) if settings.default.max_examples <= 100 else settings()
"""The first test makes 15 HTTP round trips an example: 50 examples under `ci`, the profile's count under `deep`."""
NEXT_REPLY = {"id": "gen-next", "status": "completed", "model": MODEL, "output": [], "usage": None}


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


def model(server: LoopbackServer, **settings: Any) -> ChatOpenRouterResponses:
    return ChatOpenRouterResponses(model=MODEL, base_url=server.base_url, api_key=API_KEY, max_retries=0, **settings)


def as_json(body: bytes, rng: random.Random) -> Scripted:
    return Scripted(random_writes(body, rng), content_type="application/json")


def as_stream(data: bytes, rng: random.Random, *, complete: bool = True) -> Scripted:
    writes = random_writes(data, rng)
    pauses = frozenset(rng.sample(range(len(writes)), k=min(3, len(writes))))
    return Scripted(writes, chunked=rng.random() < 0.5, complete=complete, pauses=pauses)


def aggregate(chunks: list[AIMessageChunk]) -> AIMessageChunk:
    return reduce(lambda left, right: left + right, chunks)


def seen(message: BaseMessage) -> dict[str, Any]:
    """Everything a caller reads from an answer."""
    assert isinstance(message, AIMessage)
    return {
        "text": message.text,
        "content_blocks": message.content_blocks,
        "tool_calls": message.tool_calls,
        "invalid_tool_calls": message.invalid_tool_calls,
        "usage_metadata": message.usage_metadata,
        "response_metadata": message.response_metadata,
        "id": message.id,
    }


async def async_answers(llm: ChatOpenRouterResponses) -> tuple[AIMessageChunk, AIMessage]:
    streamed = aggregate([chunk async for chunk in llm.astream("Hi")])
    return streamed, await llm.ainvoke("Hi")


def round_trips(message: BaseMessage) -> list[BaseMessage]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # load() is beta and warns about its defaults
        loaded = load(dumpd(message), allowed_objects="messages")
    (restored,) = messages_from_dict(messages_to_dict([message]))
    return [message, loaded, pickle.loads(pickle.dumps(message)), restored]  # noqa: S301 (our own bytes)


@FIFTEEN_CALLS_AN_EXAMPLE
@given(response=responses(statuses=("completed", "incomplete")), rng=RNGS)
def test_stream_sum_equals_invoke_and_replays_byte_identically(
    server: LoopbackServer, response: dict[str, Any], rng: random.Random
) -> None:
    body = json_body(response, omit_status=rng.random() < 0.2)
    events = sse_events(response, rng)
    server.queue(
        as_json(body, rng),
        as_stream(sse_bytes(events, rng), rng),
        as_stream(sse_bytes(events, rng), rng),
        as_stream(sse_bytes(events, rng), rng),
        as_json(body, rng),
    )
    llm = model(server)

    invoked = llm.invoke("Hi")
    summed = aggregate(list(llm.stream("Hi")))
    coalesced = aggregate(list(model(server, stream_chunk_coalesce=True).stream("Hi")))
    async_summed, async_invoked = asyncio.run(async_answers(llm))

    expected = seen(invoked)
    assert seen(summed) == expected, "stream sum == invoke"
    assert seen(coalesced) == expected, "coalesced == uncoalesced"
    assert seen(async_summed) == expected, "astream == stream"
    assert seen(async_invoked) == expected, "ainvoke == invoke"

    bodies = set()
    for message in [*round_trips(invoked), *round_trips(summed), coalesced, async_summed]:
        server.queue(as_json(json_body(NEXT_REPLY), rng))
        llm.invoke([HumanMessage("Hi"), message, HumanMessage("And then?")])
        bodies.add(server.requests[-1])
    assert len(bodies) == 1, "the next turn's body is the same bytes whichever message the history holds"


def core_category(error: type[BaseException] | None) -> type[BaseException] | None:
    """The langchain-core error class an error belongs to (rate limit, context overflow, ...)."""
    return next((kind for kind in (error or object).__mro__ if kind.__module__ == "langchain_core.exceptions"), None)


def streamed_text(llm: ChatOpenRouterResponses) -> tuple[str, type[BaseException] | None]:
    texts: list[str] = []
    try:
        for chunk in llm.stream("Hi"):
            texts.append(chunk.text)
    except OpenRouterError as error:
        return "".join(texts), type(error)
    return "".join(texts), None


@given(response=responses(statuses=("failed",)), rng=RNGS)
def test_a_failed_response_raises_on_both_paths_after_the_same_text(
    server: LoopbackServer, response: dict[str, Any], rng: random.Random
) -> None:
    events = sse_events(response, rng)
    server.queue(as_json(json_body(response), rng), *(as_stream(sse_bytes(events, rng), rng) for _ in range(2)))

    with pytest.raises(OpenRouterError) as invoked:
        model(server).invoke("Hi")
    plain = streamed_text(model(server))
    coalesced = streamed_text(model(server, stream_chunk_coalesce=True))

    assert plain[1] is not None
    assert coalesced == plain
    assert core_category(plain[1]) is core_category(type(invoked.value)), "the same kind of failure on both paths"


@given(response=responses(statuses=("completed",)), rng=RNGS)
def test_a_stream_cut_short_yields_the_same_text_with_and_without_coalescing(
    server: LoopbackServer, response: dict[str, Any], rng: random.Random
) -> None:
    data = cut_short(sse_events(response, rng), rng)
    chunked = rng.random() < 0.5
    early = [Scripted(random_writes(data, rng), chunked=chunked, complete=False) for _ in range(2)]
    server.queue(*early)

    plain = streamed_text(model(server))
    coalesced = streamed_text(model(server, stream_chunk_coalesce=True))

    assert plain[1] is not None, "a stream without its terminal event raises"
    assert coalesced == plain


@settings(max_examples=30) if settings.default.max_examples <= 100 else settings()
@given(response=responses(statuses=("completed", "incomplete")), rng=RNGS)
def test_with_output_version_v1_the_stream_sum_equals_invoke_too(
    server: LoopbackServer, response: dict[str, Any], rng: random.Random
) -> None:
    events = sse_events(response, rng)
    server.queue(as_json(json_body(response), rng), as_stream(sse_bytes(events, rng), rng))
    llm = model(server, output_version="v1")

    invoked = llm.invoke("Hi")
    summed = aggregate(list(llm.stream("Hi")))

    assert seen(summed) == seen(invoked)
    bodies = set()
    for message in (invoked, summed):
        server.queue(as_json(json_body(NEXT_REPLY), rng))
        llm.invoke([HumanMessage("Hi"), message, HumanMessage("And then?")])
        bodies.add(server.requests[-1])
    assert len(bodies) == 1
