"""HTTP/1.1 framing for the recording proxy's client: encode a request, parse a response head, decode bodies.

Written for the relay's hot path (see `upstream`): a network read's worth of chunks is decoded
in one call into one piece, with the checks that matter for relaying (status line, header
lines, chunk sizes, conflicting lengths) and no more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEAD_LIMIT = 256 * 1024
_NO_BODY = frozenset({204, 304})
_TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_CHUNK_SIZE = re.compile(rb"[ \t]*([0-9A-Fa-f]{1,16})[ \t]*(?:;.*)?")


class UpstreamError(Exception):
    """The upstream could not be reached, or broke the HTTP exchange."""


# The class names are what the caller's 502 message shows; they are httpx's, as before.
class ConnectError(UpstreamError):
    """The connection could not be opened."""


class ConnectTimeout(UpstreamError):  # noqa: N818 - httpx's name, shown in the 502 message
    """Opening the connection took longer than `CONNECT_TIMEOUT`."""


class ReadTimeout(UpstreamError):  # noqa: N818 - httpx's name, shown in the 502 message
    """Nothing arrived for `READ_TIMEOUT` seconds."""


class LocalProtocolError(UpstreamError):
    """The request cannot be sent as HTTP/1.1 (h11, under httpx, refused the same)."""


class UnsupportedProtocol(UpstreamError):  # noqa: N818 - httpx's name, shown in the 502 message
    """The upstream URL is not `http://` or `https://` with a host."""


class RemoteProtocolError(UpstreamError):
    """The upstream closed early or sent something that is not HTTP/1.x."""


def request_bytes(target: bytes, headers: list[tuple[bytes, bytes]], body: bytes) -> bytes:
    """Encode a POST with its body.

    Raises:
        LocalProtocolError: A header name is not a token, or a value holds a line break or NUL.
    """
    lines = [b"POST " + target + b" HTTP/1.1", *(name + b": " + value for name, value in headers)]
    head = b"\r\n".join(lines)
    breaks = len(lines) - 1
    clean = head.count(b"\n") == breaks and head.count(b"\r") == breaks and b"\0" not in head
    if not clean or not all(_TOKEN.fullmatch(name) for name, _ in headers):
        raise LocalProtocolError("a header cannot be sent as it is")
    return head + b"\r\n\r\n" + body


@dataclass(frozen=True)
class Head:
    """A response's status line and headers, and how its body is framed."""

    status: int
    headers: list[tuple[bytes, bytes]]
    keep_alive: bool

    def body_decoder(self) -> BodyDecoder:
        """Return the decoder for this response's body framing (RFC 9112, section 6.3)."""
        codings = b",".join(self.values(b"transfer-encoding"))
        lengths = {length.strip() for length in b",".join(self.values(b"content-length")).split(b",") if length}
        if self.status in _NO_BODY:
            return Length(0)
        if codings:
            return Chunked() if codings.lower().rsplit(b",", 1)[-1].strip() == b"chunked" else UntilClose()
        if len(lengths) > 1 or not all(length.isdigit() for length in lengths):
            raise RemoteProtocolError("malformed Content-Length")
        return Length(int(lengths.pop())) if lengths else UntilClose()

    def values(self, name: bytes) -> list[bytes]:
        """Return the values of every header called `name` (lower case)."""
        return [value for key, value in self.headers if key.lower() == name]


def parse_head(block: bytes) -> Head:
    """Parse a status line and headers (without the blank line that ends them).

    Raises:
        RemoteProtocolError: It is not an HTTP/1.x response head.
    """
    status_line, *lines = block.split(b"\r\n")
    version, _, rest = status_line.partition(b" ")
    code = rest[:3]
    if version not in {b"HTTP/1.1", b"HTTP/1.0"} or len(code) != 3 or not code.isdigit():  # noqa: PLR2004
        raise RemoteProtocolError("malformed status line")
    headers = []
    for line in lines:
        name, colon, value = line.partition(b":")
        if not colon or not name or name != name.strip():
            raise RemoteProtocolError("malformed header line")
        headers.append((name, value.strip(b" \t")))
    connection = b",".join(value for key, value in headers if key.lower() == b"connection").lower()
    persistent = b"close" not in connection if version == b"HTTP/1.1" else b"keep-alive" in connection
    return Head(int(code), headers, persistent)


class BodyDecoder:
    """Takes body bytes out of the read buffer, framing removed."""

    done = False

    def decode(self, buffer: bytearray) -> bytes:
        """Remove what is complete from `buffer` and return its body bytes."""
        raise NotImplementedError

    def end(self) -> None:
        """The server closed the connection.

        Raises:
            RemoteProtocolError: The body was not complete.
        """
        if not self.done:
            raise RemoteProtocolError("peer closed connection without sending complete message body")


class Length(BodyDecoder):
    """A body of `Content-Length` bytes."""

    def __init__(self, length: int) -> None:
        """Expect `length` bytes."""
        self.left = length
        self.done = length == 0

    def decode(self, buffer: bytearray) -> bytes:
        """Take up to the bytes still expected."""
        data = bytes(buffer[: self.left])
        del buffer[: len(data)]
        self.left -= len(data)
        self.done = self.left == 0
        return data


class UntilClose(BodyDecoder):
    """A body that ends when the server closes the connection."""

    def decode(self, buffer: bytearray) -> bytes:
        """Take everything."""
        data = bytes(buffer)
        buffer.clear()
        return data

    def end(self) -> None:
        """The close is the body's end."""
        self.done = True


class Chunked(BodyDecoder):
    """A `Transfer-Encoding: chunked` body (trailer fields are dropped, as before)."""

    def __init__(self) -> None:
        """Expect the first chunk's size line."""
        self.left = 0  # bytes of the current chunk still to come
        self.crlf = False  # the CRLF that ends a chunk's data is next
        self.trailers = False

    def decode(self, buffer: bytearray) -> bytes:
        """Take the data of every complete or partial chunk in `buffer`, framing removed."""
        pieces: list[bytes] = []
        at = 0
        while not self.done:
            if self.left:
                piece = bytes(buffer[at : at + self.left])
                if not piece:
                    break
                pieces.append(piece)
                at += len(piece)
                self.left -= len(piece)
                self.crlf = not self.left
            elif self.crlf:
                if len(buffer) - at < 2:  # noqa: PLR2004 - the CRLF
                    break
                if buffer[at : at + 2] != b"\r\n":
                    raise RemoteProtocolError("chunk data longer than its size")
                at += 2
                self.crlf = False
            else:
                end = buffer.find(b"\r\n", at)
                if end < 0:
                    if len(buffer) - at > HEAD_LIMIT:
                        raise RemoteProtocolError("chunk size line too long")
                    break
                self._line(bytes(buffer[at:end]))
                at = end + 2
        del buffer[:at]
        return b"".join(pieces)

    def _line(self, line: bytes) -> None:
        """Handle a chunk-size line, or a trailer line once the last chunk has come."""
        if self.trailers:
            self.done = not line  # trailer fields are not relayed, like before
            return
        found = _CHUNK_SIZE.fullmatch(line)
        if found is None:
            raise RemoteProtocolError("malformed chunk size")
        size = int(found.group(1), 16)
        self.left, self.trailers = size, size == 0
