"""Property-based tests: the stream parser never depends on byte boundaries and never crashes.

Random byte-level splits of every recorded stream must give exactly the unsplit
result; random sequences of events must either aggregate or raise the package's
documented `OpenRouterError`, never another exception type.
"""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from langchain_core.messages import AIMessageChunk

from langchain_openrouter_responses import OpenRouterError
from tests.unit_tests.conftest import StreamReader, fixture_bytes, sse_names

STREAMS = {name: fixture_bytes(f"{name}.sse") for name in sse_names() if "minimax" not in name}


def parse(data: bytes, cuts: list[int]) -> tuple[list[Any], str | None]:
    """Chunk contents and the error class name (if any) of a stream split at `cuts`."""
    reader = StreamReader(request=None)
    contents: list[Any] = []
    bounds = [0, *sorted(set(cuts)), len(data)]
    try:
        for start, end in pairwise(bounds):
            contents.extend((c.message.content, c.message.tool_call_chunks) for c in reader.feed(data[start:end]))
        reader.close()
    except OpenRouterError as error:
        return contents, type(error).__name__
    return contents, None


UNSPLIT = {name: parse(data, []) for name, data in STREAMS.items()}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(STREAMS)),
    fractions=st.lists(st.floats(min_value=0, max_value=1), max_size=40),
)
def test_random_splits_of_recorded_streams_parse_identically(name: str, fractions: list[float]) -> None:
    data = STREAMS[name]
    cuts = [int(fraction * len(data)) for fraction in fractions]
    assert parse(data, cuts) == UNSPLIT[name]


def test_the_long_reasoning_stream_split_at_every_keepalive() -> None:
    data = fixture_bytes("stream-reasoning-text-minimax-m3.sse")
    cuts = [index + 1 for index in range(len(data)) if data[index : index + 1] == b":"]
    assert parse(data, cuts) == parse(data, [])


TEXTS = st.text(max_size=12)
INDEXES = st.integers(min_value=0, max_value=3)
IDS = st.sampled_from(["rs_1", "msg_1", "fc_1", "x", None])
ITEMS = st.fixed_dictionaries(
    {"type": st.sampled_from(["message", "reasoning", "function_call", "mystery"]), "id": IDS},
    optional={
        "content": st.lists(
            st.fixed_dictionaries(
                {"type": st.sampled_from(["output_text", "reasoning_text", "refusal"]), "text": TEXTS}
            )
        ),
        "summary": st.lists(st.fixed_dictionaries({"type": st.just("summary_text"), "text": TEXTS})),
        "arguments": st.one_of(TEXTS, st.just('{"a": 1}')),
        "call_id": st.sampled_from(["c1", "c2"]),
        "name": st.sampled_from(["f", "g"]),
    },
)
EVENT_TYPES = [
    "response.created",
    "response.output_item.added",
    "response.output_item.done",
    "response.content_part.added",
    "response.output_text.delta",
    "response.reasoning_text.delta",
    "response.reasoning_summary_text.delta",
    "response.refusal.delta",
    "response.function_call_arguments.delta",
    "response.output_text.annotation.added",
    "response.something_new",
]
EVENTS = st.fixed_dictionaries(
    {"type": st.sampled_from(EVENT_TYPES)},
    optional={
        "output_index": INDEXES,
        "content_index": INDEXES,
        "summary_index": INDEXES,
        "item_id": IDS,
        "delta": st.one_of(TEXTS, st.integers(), st.none()),
        "item": st.one_of(ITEMS, st.none(), st.integers()),
        "part": st.fixed_dictionaries({"type": st.sampled_from(["output_text", "refusal", "reasoning_text"])}),
    },
)
TERMINALS = st.one_of(
    st.builds(
        lambda items: {
            "type": "response.completed",
            "response": {"id": "gen", "model": "m", "status": "completed", "output": items},
        },
        st.lists(ITEMS, max_size=4),
    ),
    st.just(
        {"type": "response.failed", "response": {"status": "failed", "error": {"code": "server_error", "message": "x"}}}
    ),
    st.just({"type": "error", "code": "rate_limit_exceeded", "message": "slow down"}),
    st.just(None),
)


@settings(max_examples=400, deadline=None)
@given(events=st.lists(EVENTS, max_size=25), terminal=TERMINALS, garbage=st.booleans())
def test_random_event_sequences_aggregate_or_raise_the_documented_error(
    events: list[dict[str, Any]], terminal: dict[str, Any] | None, garbage: bool
) -> None:
    body = b"".join(b"data: " + json.dumps(event).encode() + b"\n\n" for event in events)
    if garbage:
        body += b"data: {not json\n\n"
    if terminal is not None:
        body += b"data: " + json.dumps(terminal).encode() + b"\n\ndata: [DONE]\n\n"
    reader = StreamReader(request=None)
    try:
        chunks = [chunk.message for chunk in reader.feed(body)]
        reader.close()
    except OpenRouterError:
        return
    full = chunks[0]
    for chunk in chunks[1:]:
        full = full + chunk
    assert isinstance(full, AIMessageChunk)
    assert full.chunk_position == "last"
    assert isinstance(full.text, str)
    assert isinstance(full.content_blocks, list)
