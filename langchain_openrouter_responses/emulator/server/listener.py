"""A loopback HTTP/1.1 server (h11's framing) running its own asyncio loop in a daemon thread."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import inspect
import logging
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from langchain_openrouter_responses.emulator.replies.outcome import Outcome, json_outcome
from langchain_openrouter_responses.emulator.server.protocol import HttpConnection, ProtocolError, RawRequest
from langchain_openrouter_responses.emulator.server.recorded import RecordedRequest
from langchain_openrouter_responses.emulator.server.writer import Writer

logger = logging.getLogger("langchain_openrouter_responses.emulator")

Handler = Callable[[RecordedRequest], Outcome | Awaitable[Outcome]]
FaultHandler = Callable[[RecordedRequest, Exception], None]
STARTUP_TIMEOUT = 10.0


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
        self._server = await asyncio.start_server(self._serve, self._host, self._requested_port, backlog=2048)
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
        connection = HttpConnection(reader, writer)
        out = Writer(connection, reader, writer)
        try:
            while await self._exchange(connection, out):
                connection.next_cycle()
        except ConnectionError:
            pass
        except asyncio.CancelledError:
            if not self._closing:
                raise
            # Shutting down: end quietly (a cancelled connection task makes asyncio log noise).
        finally:
            if task is not None:
                self._tasks.discard(task)
            writer.close()

    async def _exchange(self, connection: HttpConnection, out: Writer) -> bool:
        """Serve one request; return whether the connection stays open."""
        try:
            raw = await connection.read_request()
        except ProtocolError as exc:
            refusal = json_outcome(exc.status, {"error": {"code": exc.status, "message": str(exc)}})
            outcome = dataclasses.replace(refusal, close=True)
            await self._send(out, outcome)
            return False
        if raw is None:
            return False
        outcome = await self._handle(raw)
        delivered = await self._send(out, outcome)
        return delivered and connection.reusable

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

    async def _send(self, out: Writer, outcome: Outcome) -> bool:
        """Write `outcome`; return `False` if the client went away first."""
        if outcome.delay:
            await asyncio.sleep(outcome.delay)
        if not outcome.respond:
            return False
        try:
            if out.peer_gone:
                raise ConnectionResetError
            if outcome.source is not None:
                await out.relayed(outcome, outcome.source)
            elif outcome.chunks is None:
                await out.fixed(outcome)
            else:
                await out.stream(outcome)
        except ConnectionError:
            self._on_disconnect()
            return False
        return True
