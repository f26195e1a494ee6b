"""Pure rendering: a reply plus the request it answers -> an `Outcome`."""

from __future__ import annotations

from typing import Any

from langchain_openrouter_responses.emulator.replies.envelope import ResponseMeta, response_object
from langchain_openrouter_responses.emulator.replies.events import Event, item_events
from langchain_openrouter_responses.emulator.replies.fixtures import Fixture
from langchain_openrouter_responses.emulator.replies.fusion import analyst
from langchain_openrouter_responses.emulator.replies.outcome import (
    JSON_TYPE,
    SSE_TYPE,
    Outcome,
    dumps,
)
from langchain_openrouter_responses.emulator.replies.scripted import (
    AnyReply,
    ErrorReply,
    FixtureReply,
    Reply,
)
from langchain_openrouter_responses.emulator.replies.usage import compute_usage

PADDING = b"\n" + b" " * 9 + b"\n"
PADDING_REPEATS = 5
COMMENT = b": OPENROUTER PROCESSING\n\n"
DONE = b"data: [DONE]\n\n"
SSE_HEADERS = (("Content-Type", SSE_TYPE), ("Cache-Control", "no-cache"))


def render_any(reply: AnyReply, meta: ResponseMeta, *, stream: bool) -> Outcome:
    """Render any kind of reply for the request described by `meta`."""
    if isinstance(reply, ErrorReply):
        return render_error(reply)
    if isinstance(reply, FixtureReply):
        return render_fixture(reply)
    return render_reply(reply, meta, stream=stream)


def render_error(reply: ErrorReply) -> Outcome:
    """Render an `ErrorReply` exactly as scripted."""
    headers = (("Content-Type", reply.content_type), *(reply.headers or {}).items())
    return Outcome(reply.status, headers, body=reply.body_bytes, delay=reply.delay, label="error")


def render_fixture(reply: FixtureReply) -> Outcome:
    """Render a `FixtureReply`: recorded bytes, split into chunks when streamed."""
    return recorded_outcome(reply.fixture, reply.chunk_size, delay=reply.delay, label=f"fixture {reply.fixture.name}")


def recorded_outcome(fixture: Fixture, chunk_size: int, *, delay: float = 0.0, label: str = "") -> Outcome:
    """Return a recorded response byte for byte, in HTTP chunks of `chunk_size` bytes when it is a stream."""
    if not fixture.streaming:
        headers = (("Content-Type", fixture.content_type),)
        return Outcome(fixture.status, headers, body=fixture.body, delay=delay, label=label)
    body = fixture.body
    chunks = tuple(body[start : start + chunk_size] for start in range(0, len(body), chunk_size))
    return Outcome(fixture.status, SSE_HEADERS, chunks=chunks, delay=delay, label=label)


def render_reply(reply: Reply, meta: ResponseMeta, *, stream: bool) -> Outcome:
    """Render a generated `Reply` as an SSE stream or a padded JSON body.

    Args:
        reply: The scripted reply.
        meta: Request, served model, response id and creation time.
        stream: Whether the request asked for `stream: true`.

    Returns:
        The planned response.
    """
    return _render_stream(reply, meta) if stream else _render_json(reply, meta)


def final_object(reply: Reply, meta: ResponseMeta) -> dict[str, Any]:
    """Return the completed (or incomplete / failed) response object of `reply`."""
    failed = reply.status == "failed"
    reason = reply.incomplete_reason or "max_output_tokens"
    final = response_object(
        meta,
        status=reply.status,
        output=reply.output,
        usage=reply_usage(reply, meta),
        incomplete_reason=reason if reply.status == "incomplete" else None,
        error=_error(reply) if failed else None,
        error_type=reply.error_type if failed else None,
    )
    return {**final, **(reply.response_fields or {})}


def reply_usage(reply: Reply, meta: ResponseMeta) -> dict[str, Any]:
    """Return the `usage` object of a generated reply: as scripted, else computed from its output."""
    if reply.usage is not None:
        return reply.usage
    return compute_usage(
        meta.request,
        reply.output,
        meta.cached_tokens,
        cache_write_tokens=meta.cache_write_tokens,
        model=meta.model,
    )


def _error(reply: Reply) -> dict[str, Any]:
    return {"code": reply.error_code, "message": reply.error_message}


def _failed_object(reply: Reply, meta: ResponseMeta, output: list[Any]) -> dict[str, Any]:
    return response_object(
        meta,
        status="failed",
        output=output,
        usage=None,
        error=_error(reply),
        error_type=reply.error_type,
    )


def _render_json(reply: Reply, meta: ResponseMeta) -> Outcome:
    headers = (("Content-Type", JSON_TYPE), *(reply.headers or {}).items())
    padding = PADDING * PADDING_REPEATS
    failure = reply.failure if reply.fail_after is not None else None
    if failure == "disconnect":
        return Outcome(0, headers, delay=reply.delay, respond=False, label="dropped")
    if failure in {"response.failed", "error"}:
        body = padding + dumps(_failed_object(reply, meta, []))
        return Outcome(200, headers, body=body, delay=reply.delay, label="failed")
    final = final_object(reply, meta)
    if reply.omit_status:
        del final["status"]
    text = dumps(final)
    if failure == "truncate":
        text = _half(text)
    return Outcome(200, headers, body=padding + text, delay=reply.delay, label=reply.status)


def _render_stream(reply: Reply, meta: ResponseMeta) -> Outcome:
    events = _opening(meta)
    analyst_model = analyst(meta.request, meta.model)
    for index, item in enumerate(reply.output):
        events += item_events(item, index, reply.delta_size, analyst=analyst_model)
    cut = len(events) if reply.fail_after is None else min(reply.fail_after, len(events))
    sent = _numbered(events[:cut])
    frames = _with_comments([_frame(event) for event in sent], sent, reply.keepalive_comments)
    tail = _ending(reply, meta, sent)
    headers = (*SSE_HEADERS, *(reply.headers or {}).items())
    disconnect = reply.fail_after is not None and reply.failure == "disconnect"
    return Outcome(
        200,
        headers,
        chunks=(*frames, tail) if tail else tuple(frames),
        delay=reply.delay,
        chunk_delay=reply.event_delay,
        close=disconnect,
        label=f"stream {reply.failure if reply.fail_after is not None else reply.status}",
    )


def _opening(meta: ResponseMeta) -> list[Event]:
    start = response_object(meta, status="in_progress", output=[], usage=None)
    opening: list[Event] = [
        {"type": "response.created", "response": start},
        {"type": "response.in_progress", "response": start},
    ]
    debug = meta.request.get("debug")
    if isinstance(debug, dict) and debug.get("echo_upstream_body") is True:
        opening.insert(0, {"type": "response.debug", "debug": {"echo_upstream_body": _upstream_body(meta)}})
    return opening


def _upstream_body(meta: ResponseMeta) -> dict[str, Any]:
    """What the emulator "sent upstream": the request as a provider would see it (reference §4.10)."""
    request = meta.request
    sampling = ("max_output_tokens", "temperature", "top_p", "top_logprobs", "tools")
    upstream = {"model": meta.model.split("/", 1)[-1], "input": request.get("input"), "stream": True}
    upstream.update((key, request[key]) for key in sampling if key in request)
    return upstream


def _numbered(events: list[Event]) -> list[Event]:
    return [{**event, "sequence_number": number} for number, event in enumerate(events)]


def _half(data: bytes) -> bytes:
    text = data.decode()
    return text[: len(text) // 2].encode()


def _frame(event: Event) -> bytes:
    return b"data: " + dumps(event) + b"\n\n"


def _with_comments(frames: list[bytes], events: list[Event], count: int) -> list[bytes]:
    if count == 0:
        return frames
    result = [COMMENT] * count
    pending_mid = True
    for index, frame in enumerate(frames):
        result.append(frame)
        if pending_mid and _is_delta(events, index) and _is_delta(events, index + 1):
            result.append(COMMENT)
            pending_mid = False
    return result


def _is_delta(events: list[Event], index: int) -> bool:
    return index < len(events) and str(events[index]["type"]).endswith(".delta")


def _ending(reply: Reply, meta: ResponseMeta, sent: list[Event]) -> bytes:
    sequence = len(sent)
    if reply.fail_after is None:
        return _terminal_frame(reply, meta, sequence) + DONE
    if reply.failure == "disconnect":
        return b""
    if reply.failure == "truncate":
        line = _terminal_frame(reply, meta, sequence).rstrip(b"\n")
        return _half(line) + b"\n\n" + DONE
    if reply.failure == "error":
        event = {
            "type": "error",
            "code": reply.error_code,
            "message": reply.error_message,
            "param": None,
        }
        return _frame({**event, "sequence_number": sequence}) + DONE
    done = [e["item"] for e in sent if e["type"] == "response.output_item.done"]
    failed = {"type": "response.failed", "response": _failed_object(reply, meta, done)}
    return _frame({**failed, "sequence_number": sequence}) + DONE


def _terminal_frame(reply: Reply, meta: ResponseMeta, sequence: int) -> bytes:
    event = {"type": f"response.{reply.status}", "response": final_object(reply, meta)}
    return _frame({**event, "sequence_number": sequence})
