"""Bytes of one SSE response → chunks: the SSE decoder, event decoding and `StreamState`, with failures.

Failures are raised as wire errors (`StreamFailedError`, `BrokenStreamError`); the transport layer
turns them into this package's typed errors with the HTTP request attached.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from langchain_core.messages import AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk

from langchain_openrouter_responses._wire.chunks import text_chunk
from langchain_openrouter_responses._wire.jsonio import loads
from langchain_openrouter_responses._wire.sse import DONE, SSEDecoder
from langchain_openrouter_responses._wire.stream import FAILURE_EVENTS, TEXT_DELTA, StreamState

_T = TypeVar("_T")
COALESCE_LIMIT = 8192
"""Characters of text a coalescing reader holds before it yields them anyway."""


class WireStreamError(Exception):
    """A stream that cannot be turned into chunks; the transport layer raises the typed error."""


class BrokenStreamError(WireStreamError):
    """The stream ended badly: cut off, or an event that is not a JSON object of the known shape."""

    def __init__(self, reason: str) -> None:
        """Remember what went wrong."""
        super().__init__(reason)
        self.reason = reason


class StreamFailedError(WireStreamError):
    """OpenRouter reported a failure in the stream (`response.failed`, `response.error`, `error`)."""

    def __init__(self, event: dict[str, Any]) -> None:
        """Remember the failure event."""
        super().__init__(str(event.get("type")))
        self.event = event


class StreamReader:
    """Bytes of one SSE response → chunks, raising `WireStreamError` on failures.

    Used by both `_stream` and `_astream`: they only differ in how they read bytes.
    """

    __slots__ = ("_decoder", "_on_final", "_run", "_run_index", "_run_size", "_state")

    def __init__(
        self,
        extra_metadata: dict[str, Any] | None = None,
        *,
        output_version: str | None = None,
        on_final: Callable[[AIMessageChunk], object] | None = None,
    ) -> None:
        """Start reading a stream.

        Args:
            extra_metadata: Added to the final chunk's `response_metadata`
                (e.g. the `X-Generation-Id` header).
            output_version: The model's `output_version` (see `StreamState`).
            on_final: Called with the final chunk's message before it is yielded (the cost
                callback counts the call there); never for text deltas, so the hot path pays nothing.
        """
        self._on_final = on_final
        self._decoder = SSEDecoder()
        self._state = StreamState(extra_metadata, output_version=output_version)
        self._run: list[str] = []
        self._run_index = 0
        self._run_size = 0

    def feed_coalesced(self, data: bytes) -> Iterator[ChatGenerationChunk]:
        """Like `feed`, but consecutive text deltas of one block become one chunk.

        For consumers that are not interactive (batch jobs, long answers): text is held until
        another kind of event arrives or `COALESCE_LIMIT` characters are pending, so there are far
        fewer chunks for langchain-core to keep and merge. The text, the blocks and the final chunk
        are the same as with `feed`; text already decoded is yielded before any failure is raised.

        Raises:
            StreamFailedError: A failure event.
            BrokenStreamError: An event that is not JSON or has an unexpected shape.
        """
        try:
            for payload in self._decoder.feed(data):
                if self._state.final is not None or payload == DONE:
                    continue
                event = self._decode(payload)
                if event.get("type") == TEXT_DELTA:
                    if (full := self._hold(self._handle(event, self._state.text_piece))) is not None:
                        yield full
                    continue
                if self._run:
                    yield self._release()
                chunk = self._handle(event, self._state.handle)
                if chunk is not None:
                    yield self._generation(chunk)
        except WireStreamError:
            if (held := self.release_held()) is not None:
                yield held
            raise

    def _hold(self, piece: tuple[int, str] | None) -> ChatGenerationChunk | None:
        """Add a text piece to the pending run; return the run's chunk when it must go out first."""
        if piece is None:
            return None
        index, text = piece
        released = (
            self._release() if self._run and (index != self._run_index or self._run_size >= COALESCE_LIMIT) else None
        )
        self._run_index = index
        self._run.append(text)
        self._run_size += len(text)
        return released

    def release_held(self) -> ChatGenerationChunk | None:
        """Return the text a coalescing reader still holds (and stop holding it), or None.

        For a stream that ends early: a dropped connection, a transport error, or a body that
        closes without a terminal event (`close` raises). Yield this chunk before raising, so the
        text received reaches the caller as it does without coalescing.
        """
        return self._release() if self._run else None

    def _release(self) -> ChatGenerationChunk:
        chunk = text_chunk(self._run_index, "".join(self._run))
        self._run, self._run_size = [], 0
        return chunk

    def _handle(self, event: dict[str, Any], handler: Callable[[dict[str, Any]], _T]) -> _T:
        try:
            return handler(event)
        except (AttributeError, TypeError, ValueError, KeyError) as error:
            reason = f"event {event.get('type')!r} has an unexpected shape ({error})"
            raise BrokenStreamError(reason) from error

    def feed(self, data: bytes) -> Iterator[ChatGenerationChunk]:
        """Consume body bytes.

        Args:
            data: The next bytes of the body.

        Yields:
            The chunks these bytes completed, each before any later event is read,
            so a failure further on never swallows chunks already decoded.

        Raises:
            StreamFailedError: A failure event.
            BrokenStreamError: An event that is not JSON or has an unexpected shape.
        """
        for payload in self._decoder.feed(data):
            if self._state.final is not None or payload == DONE:
                continue
            event = self._decode(payload)
            if event.get("type") == TEXT_DELTA:  # most events of a stream
                if (piece := self._handle(event, self._state.text_piece)) is not None:
                    yield text_chunk(*piece)
                continue
            chunk = self._handle(event, self._state.handle)
            if chunk is not None:
                yield self._generation(chunk)

    def _generation(self, chunk: AIMessageChunk) -> ChatGenerationChunk:
        if self._on_final is not None and self._state.final is not None:
            self._on_final(chunk)
        return ChatGenerationChunk(message=chunk)

    def close(self) -> None:
        """Finish the stream.

        Raises:
            BrokenStreamError: The stream ended without a terminal event.
        """
        for payload in self._decoder.flush():
            if self._state.final is None and payload != DONE:
                self._decode(payload)
        if self._state.final is None:
            raise BrokenStreamError("the connection closed before a response.completed event; the reply is incomplete")

    def _decode(self, payload: bytes) -> dict[str, Any]:
        try:
            event = loads(payload)
        except ValueError:
            reason = f"received an event that is not valid JSON: {_quote(payload)}"
            raise BrokenStreamError(reason) from None
        if not isinstance(event, dict):
            reason = f"received an event that is not a JSON object: {_quote(payload)}"
            raise BrokenStreamError(reason)
        if event.get("type") in FAILURE_EVENTS:
            raise StreamFailedError(event)
        return event


def _quote(payload: bytes, limit: int = 120) -> str:
    text = payload.decode("utf-8", "replace")
    return repr(text if len(text) <= limit else f"{text[:limit]}...")
