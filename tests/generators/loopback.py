"""A raw HTTP server on 127.0.0.1 that answers each request with the next scripted body, written in pieces.

For tests that need byte-level control of what the real `openai` client reads: each reply is a
list of network writes (sent one by one, Nagle off, with an occasional pause so the client reads
them separately), close-delimited or chunked, and can end early: a close-delimited reply that is cut
is a clean end of the body, a chunked one a broken transfer (a transport error for the client).
Every request body is recorded, byte for byte.

    with LoopbackServer() as server:
        server.queue(Scripted([b'{"id": ...}'], content_type="application/json"))
        llm = ChatOpenRouterResponses(base_url=server.base_url, api_key="sk-test")
"""

from __future__ import annotations

import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self

API_KEY = "sk-or-v1-loopback-test"


@dataclass
class Scripted:
    """One reply: status, content type and the body's network writes.

    Attributes:
        writes: The body, as the pieces to send one by one.
        content_type: `text/event-stream` or `application/json`.
        status: The HTTP status.
        chunked: Send with `Transfer-Encoding: chunked` (else close-delimited, or with a
            `Content-Length` for a complete JSON body).
        complete: False ends the body without its end (no final chunk, or a cut JSON body).
        pauses: Indexes of writes to pause (1 ms) before, so the client reads them apart.
    """

    writes: list[bytes]
    content_type: str = "text/event-stream"
    status: int = 200
    chunked: bool = False
    complete: bool = True
    pauses: frozenset[int] = field(default_factory=frozenset)


class LoopbackServer:
    """Serves scripted replies, in order, one connection per request."""

    def __init__(self) -> None:
        """Listen on an ephemeral loopback port (started by `start` or `with`)."""
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._replies: deque[Scripted] = deque()
        self._lock = threading.Lock()
        self.requests: list[bytes] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._stopped = False

    @property
    def base_url(self) -> str:
        """The API base URL to give the model."""
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}/api/v1"

    def queue(self, *replies: Scripted) -> None:
        """Answer the next requests with these replies."""
        with self._lock:
            self._replies.extend(replies)

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped = True
        self._listener.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def _serve(self) -> None:
        while not self._stopped:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection:
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            body = _read_request(connection)
            with self._lock:
                self.requests.append(body)
                reply = self._replies.popleft() if self._replies else None
            if reply is None:
                connection.sendall(
                    b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                )
                return
            try:
                _send(connection, reply)
            except OSError:
                return  # the client went away (it stopped reading)


def _read_request(connection: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        piece = connection.recv(65536)
        if not piece:
            return b""
        data += piece
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        piece = connection.recv(65536)
        if not piece:
            break
        body += piece
    return body


def _send(connection: socket.socket, reply: Scripted) -> None:
    headers = [f"HTTP/1.1 {reply.status} OK", f"Content-Type: {reply.content_type}", "Connection: close"]
    if reply.chunked:
        headers.append("Transfer-Encoding: chunked")
    elif reply.content_type == "application/json" and reply.complete:
        headers.append(f"Content-Length: {sum(map(len, reply.writes))}")
    connection.sendall(("\r\n".join(headers) + "\r\n\r\n").encode())
    for number, piece in enumerate(reply.writes):
        if number in reply.pauses:
            time.sleep(0.001)
        if reply.chunked:
            connection.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n" if piece else b"")
        else:
            connection.sendall(piece)
    if reply.chunked and reply.complete:
        connection.sendall(b"0\r\n\r\n")
