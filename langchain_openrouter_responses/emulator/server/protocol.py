"""HTTP/1.1 framing on h11: one connection's requests in, its responses' bytes out."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import formatdate
from http import HTTPStatus

import h11

MAX_BODY = 64 * 1024 * 1024
HEADER_LIMIT = 256 * 1024
READ_SIZE = 64 * 1024
_EXTRA_REASONS = {524: "A Timeout Occurred", 529: "Site Overloaded"}


class ProtocolError(Exception):
    """The client sent something that is not acceptable HTTP/1.1."""

    def __init__(self, status: int, message: str) -> None:
        """Remember the status to answer with."""
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class RawRequest:
    """A received HTTP request: lower-case header names, repeated ones joined by commas."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes


class HttpConnection:
    """h11's state machine for one server connection, fed from an asyncio stream."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Start in the state of a fresh connection."""
        self._reader = reader
        self._writer = writer
        self._h11 = h11.Connection(h11.SERVER, max_incomplete_event_size=HEADER_LIMIT)

    async def read_request(self) -> RawRequest | None:
        """Read one request with its whole body; `None` when the client closed the connection first.

        Raises:
            ProtocolError: The request is malformed or too large.
        """
        try:
            event = await self._next_event()
            if isinstance(event, h11.ConnectionClosed):
                return None
            if not isinstance(event, h11.Request):
                raise ProtocolError(400, f"unexpected {type(event).__name__}")
            if int(dict(event.headers).get(b"content-length", b"0")) > MAX_BODY:
                raise ProtocolError(413, "request body too large")
            body = await self._read_body()
        except h11.RemoteProtocolError as exc:
            raise ProtocolError(exc.error_status_hint, str(exc)) from exc
        return RawRequest(event.method.decode("latin-1"), event.target.decode("latin-1"), _merged(event.headers), body)

    @property
    def reusable(self) -> bool:
        """Whether the response just sent leaves the connection open for another request."""
        return self._h11.our_state is h11.DONE and self._h11.their_state is h11.DONE

    def next_cycle(self) -> None:
        """Get ready for the next request on this connection."""
        self._h11.start_next_cycle()

    def head(self, status: int, headers: list[tuple[str, str]]) -> bytes:
        """Encode the status line and headers (a `Date` header first); framing headers are h11's to settle."""
        stamped = [("Date", formatdate(usegmt=True)), *headers]
        return self._h11.send(h11.Response(status_code=status, headers=stamped, reason=reason(status))) or b""

    def data(self, piece: bytes) -> bytes:
        """Encode one piece of the body (one chunk of a chunked body)."""
        return self._h11.send(h11.Data(data=piece)) or b""

    def end(self) -> bytes:
        """Encode the end of the body (the last chunk of a chunked body)."""
        return self._h11.send(h11.EndOfMessage()) or b""

    async def _next_event(self) -> type[h11.NEED_DATA | h11.PAUSED] | h11.Event:
        while (event := self._h11.next_event()) is h11.NEED_DATA:
            if self._h11.they_are_waiting_for_100_continue:
                self._writer.write(self._h11.send(h11.InformationalResponse(status_code=100, headers=[])) or b"")
            self._h11.receive_data(await self._reader.read(READ_SIZE))
        return event

    async def _read_body(self) -> bytes:
        body = bytearray()
        while not isinstance(event := await self._next_event(), h11.EndOfMessage):
            if not isinstance(event, h11.Data):
                raise ProtocolError(400, "request body ended early")
            body += event.data
            if len(body) > MAX_BODY:
                raise ProtocolError(413, "request body too large")
        return bytes(body)


def _merged(headers: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for name, value in headers:
        key, text = name.decode("latin-1"), value.decode("latin-1")
        merged[key] = f"{merged[key]}, {text}" if key in merged else text
    return merged


def reason(status: int) -> str:
    """Return the reason phrase for `status`."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return _EXTRA_REASONS.get(status, "Unknown")
