"""A loopback HTTP/1.1 server running its own asyncio loop in a daemon thread."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from langchain_openrouter_responses.emulator.replies.outcome import Outcome, json_outcome
from langchain_openrouter_responses.emulator.server.protocol import (
    LAST_CHUNK,
    ProtocolError,
    RawRequest,
    chunk,
    read_request,
    response_head,
)
from langchain_openrouter_responses.emulator.server.recorded import RecordedRequest

logger = logging.getLogger("langchain_openrouter_responses.emulator")

Handler = Callable[[RecordedRequest], Outcome | Awaitable[Outcome]]
FaultHandler = Callable[[RecordedRequest, Exception], None]
STARTUP_TIMEOUT = 10.0
HEADER_LIMIT = 256 * 1024


class LoopServer:
    """Serves `handler`'s outcomes on `host:port` from a background thread.

    The handler runs on the server's loop thread and must not block. Client
    disconnects before a response was fully written are reported to `on_disconnect`;
    an exception raised by the handler is answered with a 500 and reported to `on_fault`.
    """

    def __init__(
        self,
        handler: Handler,
        on_disconnect: Callable[[], None],
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        on_fault: FaultHandler | None = None,
        on_close: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """Prepare (but do not start) the server; `on_close` runs on its loop when it stops."""
        self._handler = handler
        self._on_disconnect = on_disconnect
        self._on_fault = on_fault
        self._on_close = on_close
        self._host = host
        self._requested_port = port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closing = False
        self.port = 0

    @property
    def running(self) -> bool:
        """Whether the server thread is serving."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> int:
        """Bind, start the loop thread and return the bound port."""
        if self.running:
            return self.port
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(target=self._run, args=(loop,), name="openrouter-emulator", daemon=True)
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._open(), loop)
        try:
            self.port = future.result(timeout=STARTUP_TIMEOUT)
        except BaseException:
            self._halt(loop)
            raise
        return self.port

    def stop(self) -> None:
        """Close the listener and every connection, then end the loop thread."""
        loop = self._loop
        if loop is None or not self.running:
            return
        future = asyncio.run_coroutine_threadsafe(self._close(), loop)
        with contextlib.suppress(TimeoutError):
            future.result(timeout=STARTUP_TIMEOUT)
        self._halt(loop)

    def _halt(self, loop: asyncio.AbstractEventLoop) -> None:
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=STARTUP_TIMEOUT)
        self._thread = None
        self._loop = None

    @staticmethod
    def _run(loop: asyncio.AbstractEventLoop) -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_forever()
        finally:
            loop.close()

    async def _open(self) -> int:
        self._closing = False
        self._server = await asyncio.start_server(
            self._serve, self._host, self._requested_port, backlog=2048, limit=HEADER_LIMIT
        )
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    async def _close(self) -> None:
        self._closing = True
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()
        if self._on_close is not None:
            await self._on_close()
        await asyncio.sleep(0)  # let closed transports release their sockets

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            while await self._exchange(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        except asyncio.CancelledError:
            if not self._closing:
                raise
            # Shutting down: end quietly (a cancelled connection task makes asyncio log noise).
        finally:
            if task is not None:
                self._tasks.discard(task)
            writer.close()

    async def _exchange(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """Serve one request; return whether the connection stays open."""
        try:
            raw = await read_request(reader, writer)
        except ProtocolError as exc:
            outcome = json_outcome(exc.status, {"error": {"code": exc.status, "message": str(exc)}})
            await self._send(reader, writer, outcome, keep_alive=False)
            return False
        if raw is None:
            return False
        outcome = await self._handle(raw)
        keep_alive = raw.keep_alive and not outcome.close
        delivered = await self._send(reader, writer, outcome, keep_alive=keep_alive)
        return delivered and keep_alive

    async def _handle(self, raw: RawRequest) -> Outcome:
        request = RecordedRequest.parse(raw.method, raw.target, raw.headers, raw.body)
        try:
            planned = self._handler(request)
            outcome = await planned if inspect.isawaitable(planned) else planned
        except Exception as exc:
            logger.exception("emulator handler failed")
            if self._on_fault is not None:
                self._on_fault(request, exc)
            body = {"error": {"code": 500, "message": "Internal Server Error"}}
            outcome = json_outcome(500, body, label="handler error")
        path = raw.target.partition("?")[0]
        logger.info("%s %s -> %s %s", raw.method, path, outcome.status, outcome.label)
        return outcome

    async def _send(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        outcome: Outcome,
        *,
        keep_alive: bool,
    ) -> bool:
        """Write `outcome`; return `False` if the client went away first."""
        if outcome.delay:
            await asyncio.sleep(outcome.delay)
        if not outcome.respond:
            return False
        try:
            if _peer_gone(reader, writer):
                raise ConnectionResetError
            if outcome.source is not None:
                await _write_relayed(writer, outcome, outcome.source, keep_alive=keep_alive)
            elif outcome.chunks is None:
                await _write_fixed(writer, outcome, keep_alive=keep_alive)
            else:
                await _write_stream(reader, writer, outcome, keep_alive=keep_alive)
        except ConnectionError:
            self._on_disconnect()
            return False
        return True


def _peer_gone(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
    return writer.is_closing() or reader.at_eof()


def _connection(keep_alive: bool) -> tuple[str, str]:
    return ("Connection", "keep-alive" if keep_alive else "close")


async def _write_fixed(writer: asyncio.StreamWriter, outcome: Outcome, *, keep_alive: bool) -> None:
    headers = [
        *outcome.headers,
        ("Content-Length", str(len(outcome.body))),
        _connection(keep_alive),
    ]
    writer.write(response_head(outcome.status, headers) + outcome.body)
    await writer.drain()


async def _write_stream(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    outcome: Outcome,
    *,
    keep_alive: bool,
) -> None:
    headers = [*outcome.headers, ("Transfer-Encoding", "chunked"), _connection(keep_alive)]
    pieces = [piece for piece in outcome.chunks or () if piece]
    writer.write(response_head(outcome.status, headers))
    for index, piece in enumerate(pieces):
        if index and outcome.chunk_delay:
            await asyncio.sleep(outcome.chunk_delay)
        if _peer_gone(reader, writer):
            raise ConnectionResetError
        last = index == len(pieces) - 1
        writer.write(chunk(piece) + (LAST_CHUNK if last else b""))
        await writer.drain()
    if not pieces:
        writer.write(LAST_CHUNK)
        await writer.drain()


async def _write_relayed(
    writer: asyncio.StreamWriter,
    outcome: Outcome,
    source: AsyncIterator[bytes],
    *,
    keep_alive: bool,
) -> None:
    """Write pieces as the upstream sends them (no buffering), as one chunked body."""
    headers = [*outcome.headers, ("Transfer-Encoding", "chunked"), _connection(keep_alive)]
    writer.write(response_head(outcome.status, headers))
    await writer.drain()
    try:
        async for piece in source:
            if piece:
                writer.write(chunk(piece))
                await writer.drain()
    finally:
        aclose = getattr(source, "aclose", None)
        if aclose is not None:
            await aclose()
    writer.write(LAST_CHUNK)
    await writer.drain()
