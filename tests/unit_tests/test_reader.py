"""The wire's `StreamReader`: bytes → chunks, plain and coalesced, with its wire errors."""

from __future__ import annotations

import json
from functools import reduce
from typing import Any

import pytest
from langchain_core.messages import AIMessageChunk

from langchain_openrouter_responses._wire.reader import (
    COALESCE_LIMIT,
    BrokenStreamError,
    StreamFailedError,
    StreamReader,
)

MESSAGE = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "status": "completed",
    "content": [{"type": "output_text", "text": "Answer.", "annotations": []}],
}
COMPLETED = {
    "type": "response.completed",
    "response": {"id": "gen-1", "model": "m", "status": "completed", "output": [MESSAGE]},
}


def sse(*events: dict[str, Any] | str) -> bytes:
    payloads = (event if isinstance(event, str) else json.dumps(event) for event in events)
    return b"".join(b"data: " + payload.encode() + b"\n\n" for payload in payloads)


def delta(text: Any, content_index: int = 0) -> dict[str, Any]:
    return {
        "type": "response.output_text.delta",
        "output_index": 0,
        "item_id": "msg_1",
        "content_index": content_index,
        "delta": text,
    }


def read(data: bytes, *, coalesce: bool) -> list[AIMessageChunk]:
    reader = StreamReader()
    chunks = list(reader.feed_coalesced(data) if coalesce else reader.feed(data))
    reader.close()
    return [chunk.message for chunk in chunks]  # type: ignore[misc]


def aggregate(chunks: list[AIMessageChunk]) -> AIMessageChunk:
    return reduce(lambda left, right: left + right, chunks)


@pytest.mark.parametrize("coalesce", [False, True])
def test_events_after_the_terminal_event_are_ignored(coalesce: bool) -> None:
    late = [delta(" more"), {"type": "error", "message": "late"}, "{not json"]
    chunks = read(sse(COMPLETED, *late, "[DONE]"), coalesce=coalesce)
    assert len(chunks) == 1
    assert chunks[0].text == "Answer."
    assert chunks[0].chunk_position == "last"


@pytest.mark.parametrize("coalesce", [False, True])
def test_a_done_payload_before_the_terminal_event_is_skipped(coalesce: bool) -> None:
    # `[DONE]` is not JSON: it is never decoded as an event, and it does not end the reading.
    chunks = read(sse(delta("Ans"), "[DONE]", delta("wer."), COMPLETED), coalesce=coalesce)
    assert aggregate(chunks[:-1]).text == "Answer."
    assert aggregate(chunks).text == "Answer."


def test_consecutive_text_of_one_block_becomes_one_chunk() -> None:
    chunks = read(sse(delta("Ans"), delta(""), delta("we"), delta("r."), COMPLETED), coalesce=True)
    assert [chunk.content for chunk in chunks[:-1]] == [[{"type": "text", "text": "Answer.", "index": 0}]]


def test_text_of_two_blocks_is_never_joined() -> None:
    # Deltas of another part with no event in between: the first block's run goes out first.
    item = {**MESSAGE, "content": [{"type": "output_text", "text": "ab"}, {"type": "output_text", "text": "cd"}]}
    completed = {**COMPLETED, "response": {**COMPLETED["response"], "output": [item]}}
    events = sse(delta("a"), delta("b"), delta("c", content_index=1), delta("d", content_index=1), completed)
    coalesced = read(events, coalesce=True)
    assert [chunk.content for chunk in coalesced[:-1]] == [
        [{"type": "text", "text": "ab", "index": 0}],
        [{"type": "text", "text": "cd", "index": 1}],
    ]
    assert aggregate(coalesced).content_blocks == aggregate(read(events, coalesce=False)).content_blocks


def test_a_run_goes_out_once_it_holds_the_limit() -> None:
    # Before each piece is added, a run that holds COALESCE_LIMIT characters or more is released.
    sizes = [COALESCE_LIMIT - 1, 1, 1, COALESCE_LIMIT - 2, 1, 1]
    pieces = ["x" * size for size in sizes]
    text = "".join(pieces)
    item = {**MESSAGE, "content": [{"type": "output_text", "text": text}]}
    completed = {**COMPLETED, "response": {**COMPLETED["response"], "output": [item]}}
    chunks = read(sse(*(delta(piece) for piece in pieces), completed), coalesce=True)
    assert [len(chunk.text) for chunk in chunks[:-1]] == [COALESCE_LIMIT, COALESCE_LIMIT, 1]
    assert aggregate(chunks).text == text


def test_a_run_is_released_before_another_kind_of_event() -> None:
    reasoning = {"type": "response.output_item.added", "output_index": 1, "item": {"id": "rs", "type": "reasoning"}}
    chunks = read(sse(delta("Ans"), delta("wer."), reasoning, COMPLETED), coalesce=True)
    assert [chunk.content for chunk in chunks[:2]] == [
        [{"type": "text", "text": "Answer.", "index": 0}],
        [{"type": "reasoning", "index": 1}],
    ]


@pytest.mark.parametrize("coalesce", [False, True])
@pytest.mark.parametrize(
    ("event", "cause"),
    [
        (delta(5), "delta is int, not a string"),
        ({"type": "response.output_item.added", "item": "not an object"}, "has no attribute"),
    ],
)
def test_an_event_of_an_unexpected_shape_is_named_in_the_error(
    event: dict[str, Any], cause: str, coalesce: bool
) -> None:
    reader = StreamReader()
    with pytest.raises(BrokenStreamError) as caught:
        list(reader.feed_coalesced(sse(event)) if coalesce else reader.feed(sse(event)))
    assert caught.value.reason.startswith(f"event {event['type']!r} has an unexpected shape (")
    assert cause in caught.value.reason
    assert str(caught.value) == caught.value.reason
    assert isinstance(caught.value.__cause__, (TypeError, AttributeError))


def test_held_text_is_yielded_before_a_failure() -> None:
    reader = StreamReader()
    received = []
    with pytest.raises(StreamFailedError) as caught:
        received.extend(reader.feed_coalesced(sse(delta("Ans"), delta("wer."), {"type": "error", "message": "boom"})))
    assert [chunk.text for chunk in received] == ["Answer."]
    assert caught.value.event == {"type": "error", "message": "boom"}
    assert str(caught.value) == "error"


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"{not json", "received an event that is not valid JSON: '{not json'"),
        (b"[1, 2]", "received an event that is not a JSON object: '[1, 2]'"),
        (b"x" * 120, f"received an event that is not valid JSON: '{'x' * 120}'"),
        (b"x" * 121, f"received an event that is not valid JSON: '{'x' * 120}...'"),
        (b"\xff\xfe", "received an event that is not valid JSON: '\ufffd\ufffd'"),
    ],
    ids=["not-json", "not-an-object", "120-characters-whole", "longer-cut-at-120", "not-utf-8"],
)
def test_payloads_that_are_not_events_are_quoted_in_the_error(payload: bytes, reason: str) -> None:
    with pytest.raises(BrokenStreamError) as caught:
        list(StreamReader().feed(b"data: " + payload + b"\n\n"))
    assert caught.value.reason == reason
    assert str(caught.value) == reason


def test_an_unterminated_failure_event_is_raised_at_close() -> None:
    # An event cut off before its blank line is not turned into chunks, but a failure it reports
    # is still the error the caller sees.
    reader = StreamReader()
    assert list(reader.feed(b'data: {"type": "error", "message": "boom"}')) == []
    with pytest.raises(StreamFailedError) as caught:
        reader.close()
    assert caught.value.event["message"] == "boom"


def test_close_after_the_terminal_event_ignores_an_unterminated_tail() -> None:
    reader = StreamReader()
    list(reader.feed(sse(COMPLETED) + b"data: {not json"))
    reader.close()


def test_a_stream_without_terminal_event_says_the_reply_is_incomplete() -> None:
    reader = StreamReader()
    list(reader.feed(sse(delta("Ans"))))
    with pytest.raises(BrokenStreamError) as caught:
        reader.close()
    assert caught.value.reason == "the connection closed before a response.completed event; the reply is incomplete"


def test_a_coalescing_reader_releases_its_held_text_when_the_stream_ends_early() -> None:
    reader = StreamReader()
    assert list(reader.feed_coalesced(sse(delta("Ans"), delta("wer")))) == [], "the run is held"
    with pytest.raises(BrokenStreamError):
        reader.close()
    held = reader.release_held()
    assert held is not None
    assert held.text == "Answer"
    assert held.message.content == [{"type": "text", "text": "Answer", "index": 0}]
    assert reader.release_held() is None, "released once"


def test_a_plain_reader_holds_nothing() -> None:
    reader = StreamReader()
    assert [chunk.text for chunk in reader.feed(sse(delta("Ans")))] == ["Ans"]
    assert reader.release_held() is None
