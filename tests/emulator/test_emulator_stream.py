"""Streaming replies: framing, event order, sequence numbers, failure injection."""

from __future__ import annotations

import json
import time

import pytest

from langchain_openrouter_responses.emulator import (
    Reply,
    function_call_item,
    reasoning_item,
    text_item,
)
from tests.emulator.conftest import Client

COMMENT = b": OPENROUTER PROCESSING"
MESSAGE_EVENTS = [
    "response.output_item.added",
    "response.content_part.added",
    *["response.output_text.delta"] * 3,
    "response.output_text.done",
    "response.content_part.done",
    "response.output_item.done",
]


def test_text_stream_framing_and_order(client: Client) -> None:
    item = text_item("Paris is big")
    client.emu.queue(Reply([item], delta_size=4, keepalive_comments=2))

    answer = client.stream()

    assert answer.status == 200
    assert answer.headers["content-type"] == "text/event-stream"
    assert answer.headers["cache-control"] == "no-cache"
    assert answer.headers["transfer-encoding"] == "chunked"
    assert answer.blocks[:2] == [COMMENT, COMMENT]
    assert answer.blocks.count(COMMENT) == 3
    assert answer.data[-1] == b"[DONE]"
    assert all(not b.startswith(b"event:") for b in answer.blocks)
    assert answer.types == [
        "response.created",
        "response.in_progress",
        *MESSAGE_EVENTS,
        "response.completed",
    ]
    assert [event["sequence_number"] for event in answer.events] == list(range(11))
    deltas = [e for e in answer.events if e["type"] == "response.output_text.delta"]
    assert [e["delta"] for e in deltas] == ["Pari", "s is", " big"]
    assert all(e["logprobs"] == [] and e["item_id"] == item["id"] for e in deltas)
    assert all((e["output_index"], e["content_index"]) == (0, 0) for e in deltas)


def test_mid_stream_comment_sits_between_two_deltas(client: Client) -> None:
    client.emu.queue(Reply([text_item("abcdefgh")], delta_size=4))

    blocks = client.stream().blocks

    index = blocks.index(COMMENT, 1)
    assert b"output_text.delta" in blocks[index - 1]
    assert b"output_text.delta" in blocks[index + 1]


def test_no_comments_when_disabled(client: Client) -> None:
    client.emu.queue(Reply([text_item("abcdefgh")], keepalive_comments=0))

    assert COMMENT not in client.stream().blocks


def test_lifecycle_and_terminal_response_objects(client: Client) -> None:
    item = text_item("ok")
    client.emu.queue(Reply([item]))

    events = client.stream(instructions="Be brief").events

    for opening in events[:2]:
        response = opening["response"]
        assert (response["status"], response["output"], response["usage"]) == (
            "in_progress",
            [],
            None,
        )
        assert response["instructions"] == "Be brief"
    final = events[-1]["response"]
    assert final["status"] == "completed"
    assert final["output"] == [item]
    assert final["usage"]["total_tokens"] > 0
    assert final["id"] == events[0]["response"]["id"]
    added = events[2]["item"]
    assert added == {**{k: item[k] for k in ("id", "type", "role")}, "status": "in_progress", "content": []}
    assert events[-2]["item"] == item


def test_reasoning_message_and_call_stream_in_order(client: Client) -> None:
    thought = reasoning_item(text="hmm", summary=["plan", "act"], format="unknown")
    call = function_call_item("lookup", '{"q":"x"}')
    client.emu.queue(Reply([thought, text_item("hi"), call], delta_size=100))

    events = client.stream().events

    assert [e["type"] for e in events[2:-1]] == [
        "response.output_item.added",
        "response.content_part.added",
        "response.reasoning_text.delta",
        "response.reasoning_text.done",
        "response.content_part.done",
        *[
            "response.reasoning_summary_part.added",
            "response.reasoning_summary_text.delta",
            "response.reasoning_summary_text.done",
            "response.reasoning_summary_part.done",
        ]
        * 2,
        "response.output_item.done",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.delta",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.output_item.added",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.done",
        "response.output_item.done",
    ]
    assert events[2]["item"] == {"id": thought["id"], "type": "reasoning", "status": "in_progress", "summary": []}
    summaries = [e for e in events if e["type"] == "response.reasoning_summary_text.done"]
    assert [(e["summary_index"], e["text"]) for e in summaries] == [(0, "plan"), (1, "act")]
    added_call = next(e for e in events if e["type"] == "response.output_item.added" and e["output_index"] == 2)
    assert added_call["item"]["arguments"] == ""
    assert added_call["item"]["call_id"] == call["call_id"]
    done = next(e for e in events if e["type"] == "response.function_call_arguments.done")
    assert (done["name"], done["arguments"], done["item_id"]) == ("lookup", '{"q":"x"}', call["id"])


def test_encrypted_reasoning_has_nothing_between_added_and_done(client: Client) -> None:
    secret = reasoning_item(encrypted_content="gAAAA==", format="openai-responses-v1")
    client.emu.queue(Reply([secret, text_item("x")]))

    types = client.stream().types

    assert types[2:4] == ["response.output_item.added", "response.output_item.done"]


def test_incomplete_terminal_event(client: Client) -> None:
    client.emu.queue(Reply([text_item("cut")], status="incomplete", incomplete_reason="max_output_tokens"))

    events = client.stream().events

    assert events[-1]["type"] == "response.incomplete"
    assert events[-1]["response"]["incomplete_details"] == {"reason": "max_output_tokens"}


def test_response_failed_mid_stream(client: Client) -> None:
    client.emu.queue(Reply([text_item("abcdefgh")], fail_after=5, error_type="provider_overloaded"))

    answer = client.stream()

    events = answer.events
    assert len(events) == 6
    assert [e["sequence_number"] for e in events] == list(range(6))
    failed = events[-1]
    assert failed["type"] == "response.failed"
    assert failed["response"]["status"] == "failed"
    assert failed["response"]["error"] == {"code": "server_error", "message": "Internal server error"}
    assert failed["response"]["error_type"] == "provider_overloaded"
    assert answer.data[-1] == b"[DONE]"


def test_flat_error_event(client: Client) -> None:
    client.emu.queue(
        Reply(
            [text_item("abc")],
            fail_after=3,
            failure="error",
            error_code="rate_limit_exceeded",
            error_message="Slow down",
        )
    )

    last = client.stream().events[-1]

    assert last == {
        "type": "error",
        "code": "rate_limit_exceeded",
        "message": "Slow down",
        "param": None,
        "sequence_number": 3,
    }


def test_disconnect_ends_without_terminal_event(client: Client) -> None:
    client.emu.queue(Reply([text_item("abcdefgh")], fail_after=4, failure="disconnect"))

    answer = client.stream()

    assert answer.status == 200
    assert len(answer.events) == 4
    assert b"[DONE]" not in answer.data
    assert not any(t.startswith("response.completed") for t in answer.types)
    assert client.emu.disconnects == 0


def test_truncated_terminal_event(client: Client) -> None:
    client.emu.queue(Reply([text_item("abcdefgh")], fail_after=10**6, failure="truncate"))

    answer = client.stream()

    *_, cut, done = answer.data
    assert done == b"[DONE]"
    assert cut.startswith(b'{"type":"response.completed"')
    with pytest.raises(json.JSONDecodeError):
        json.loads(cut)
    assert answer.types[-1] == "response.output_item.done"


def test_fail_after_zero_fails_before_created(client: Client) -> None:
    client.emu.queue(Reply([text_item("x")], fail_after=0))

    assert client.stream().types == ["response.failed"]


def test_event_delay_spaces_out_events(client: Client) -> None:
    client.emu.queue(Reply([text_item("abcdefgh")], event_delay=0.02, keepalive_comments=0))

    started = time.monotonic()
    count = len(client.stream().blocks)
    elapsed = time.monotonic() - started

    assert elapsed >= 0.02 * (count - 2)
