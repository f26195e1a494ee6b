"""Minimal HTTP/1.1 framing over asyncio streams: read requests, encode responses."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from email.utils import formatdate
from http import HTTPStatus

MAX_BODY = 64 * 1024 * 1024
LAST_CHUNK = b"0\r\n\r\n"
_EXTRA_REASONS = {524: "A Timeout Occurred", 529: "Site Overloaded"}


class ProtocolError(Exception):
    """The client sent something that is not acceptable HTTP/1.1."""

    def __init__(self, status: int, message: str) -> None:
        """Remember the status to answer with."""
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class RawRequest:
    """A parsed HTTP request."""

    method: str
    target: str
    version: str
    headers: dict[str, str]
    body: bytes

    @property
    def keep_alive(self) -> bool:
        """Whether the connection may serve another request afterwards."""
        connection = self.headers.get("connection", "").lower()
        if self.version == "HTTP/1.0":
            return "keep-alive" in connection
        return "close" not in connection


async def read_request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> RawRequest | None:
    """Read one request; `None` when the client closed the connection first.

    Raises:
        ProtocolError: The request is malformed or too large.
    """
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    except asyncio.LimitOverrunError as exc:
        raise ProtocolError(431, "request header fields too large") from exc
    method, target, version, headers = _parse_head(head)
    if headers.get("expect", "").lower() == "100-continue":
        writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
    body = await _read_body(reader, headers)
    return RawRequest(method, target, version, headers, body)


def _parse_head(head: bytes) -> tuple[str, str, str, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):  # noqa: PLR2004
        raise ProtocolError(400, "malformed request line")
    headers: dict[str, str] = {}
    for line in filter(None, lines[1:]):
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise ProtocolError(400, "malformed header line")
        key = name.strip().lower()
        value = value.strip()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return parts[0], parts[1], parts[2], headers


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    try:
        if "chunked" in headers.get("transfer-encoding", "").lower():
            return await _read_chunked(reader)
        length = int(headers.get("content-length", "0"))
        if length < 0:
            raise ProtocolError(400, "negative content-length")
        if length > MAX_BODY:
            raise ProtocolError(413, "request body too large")
        return await reader.readexactly(length)
    except ValueError as exc:
        raise ProtocolError(400, "malformed body framing") from exc
    except asyncio.IncompleteReadError as exc:
        raise ProtocolError(400, "request body ended early") from exc


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    body = bytearray()
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16)
        if size == 0:
            while await reader.readuntil(b"\r\n") != b"\r\n":
                pass
            return bytes(body)
        if len(body) + size > MAX_BODY:
            raise ProtocolError(413, "request body too large")
        body += await reader.readexactly(size)
        await reader.readexactly(2)


def reason(status: int) -> str:
    """Return the reason phrase for `status`."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return _EXTRA_REASONS.get(status, "Unknown")


def response_head(status: int, headers: list[tuple[str, str]]) -> bytes:
    """Encode a status line plus headers (with `Date`) and the blank line."""
    lines = [f"HTTP/1.1 {status} {reason(status)}", f"Date: {formatdate(usegmt=True)}"]
    lines += [f"{name}: {value}" for name, value in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def chunk(data: bytes) -> bytes:
    """Encode `data` as one chunk of a chunked body."""
    return b"%x\r\n%s\r\n" % (len(data), data)
