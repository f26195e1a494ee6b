"""Writing one planned response to the client: fixed-length, streamed or relayed, one flush per piece."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from langchain_openrouter_responses.emulator.replies.outcome import Outcome
from langchain_openrouter_responses.emulator.server.protocol import HttpConnection


class Writer:
    """Encodes an outcome with the connection's h11 state and writes it, draining after every piece."""

    def __init__(self, connection: HttpConnection, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Write to `writer`; `reader` tells whether the client hung up."""
        self._connection = connection
        self._reader = reader
        self._writer = writer

    @property
    def peer_gone(self) -> bool:
        """Whether the client closed its side of the connection."""
        return self._writer.is_closing() or self._reader.at_eof()

    async def fixed(self, outcome: Outcome) -> None:
        """Write a response with a `Content-Length` body, in one write."""
        head = self._head(outcome, ("Content-Length", str(len(outcome.body))))
        body = self._connection.data(outcome.body) if outcome.body else b""
        await self._write(head + body + self._connection.end())

    async def stream(self, outcome: Outcome) -> None:
        """Write a chunked response: one chunk (and one flush) per planned piece, `chunk_delay` apart."""
        head = self._head(outcome, ("Transfer-Encoding", "chunked"))
        pieces = [piece for piece in outcome.chunks or () if piece]
        if not pieces:
            await self._write(head + self._connection.end())
            return
        self._writer.write(head)
        for index, piece in enumerate(pieces):
            if index and outcome.chunk_delay:
                await asyncio.sleep(outcome.chunk_delay)
            if self.peer_gone:
                raise ConnectionResetError
            last = index == len(pieces) - 1
            await self._write(self._connection.data(piece) + (self._connection.end() if last else b""))

    async def relayed(self, outcome: Outcome, source: AsyncIterator[bytes]) -> None:
        """Write pieces as the upstream sends them (no buffering), as one chunked body."""
        await self._write(self._head(outcome, ("Transfer-Encoding", "chunked")))
        try:
            async for piece in source:
                if piece:
                    await self._write(self._connection.data(piece))
        finally:
            aclose = getattr(source, "aclose", None)
            if aclose is not None:
                await aclose()
        await self._write(self._connection.end())

    def _head(self, outcome: Outcome, framing: tuple[str, str]) -> bytes:
        # h11 turns keep-alive into close when the request asked for it (or came as HTTP/1.0).
        connection = ("Connection", "close" if outcome.close else "keep-alive")
        return self._connection.head(outcome.status, [*outcome.headers, framing, connection])

    async def _write(self, data: bytes) -> None:
        self._writer.write(data)
        await self._writer.drain()
