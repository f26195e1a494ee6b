"""The `openai` SDK's aiohttp-backed async HTTP client, raising transport errors of `httpx2`'s types.

With many calls at once, `openai.DefaultAioHttpClient` finishes far sooner than the default
`httpx2` client (docs/performance.md). Its transport maps every aiohttp connection error to
`ConnectTimeout`, though, so a refused connection or a server hanging up would surface as a
timeout; the wrapper here gives them the types `httpx2` gives them, so callers see
`OpenRouterConnectionError` for those and `OpenRouterTimeoutError` only for real timeouts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import openai

try:  # the library the SDK runs on, as in httpx_shim
    import httpx2 as sdk_httpx
except ImportError:  # pragma: no cover - older openai releases
    import httpx as sdk_httpx  # type: ignore[no-redef]


class AioHttpClient(openai.DefaultAioHttpClient):
    """`openai.DefaultAioHttpClient` whose transports raise `httpx2`'s error types."""

    def _init_transport(self, *args: Any, **kwargs: Any) -> Any:
        return _TypedErrors(super()._init_transport(*args, **kwargs))

    def _init_proxy_transport(self, *args: Any, **kwargs: Any) -> Any:
        return _TypedErrors(super()._init_proxy_transport(*args, **kwargs))

    def release_abandoned(self) -> None:
        """Close this client after its event loop has closed, without running anything on any loop.

        aiohttp closes the sessions of a closed loop without touching it (it marks them closed and
        forgets their connections, whose sockets go with the loop's transports), so the client's own
        `aclose` waits for nothing but a bare yield (a tick): it is run here to its end, synchronously.
        Should it ever wait for a future, which needs a loop, it is stopped there and the client is
        dropped as it is.
        """
        closing = self.aclose()
        try:
            for _ in range(_MAX_TICKS):
                if closing.send(None) is not None:  # a future to wait for: that needs a loop
                    break
        except StopIteration:
            return
        except Exception:  # noqa: BLE001 (the client is being dropped either way)
            return
        closing.close()


_MAX_TICKS = 16
"""Bare yields `release_abandoned` steps through before giving up on closing without a loop."""


class _TypedErrors(sdk_httpx.AsyncBaseTransport):
    """Delegates to the aiohttp transport; re-types its mistyped connection errors, response streams included."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    async def handle_async_request(self, request: Any) -> Any:
        try:
            response = await self._inner.handle_async_request(request)
        except sdk_httpx.ConnectTimeout as error:
            _raise_retyped(error)
            raise
        response.stream = _TypedStream(response.stream)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


class _TypedStream(sdk_httpx.AsyncByteStream):
    def __init__(self, inner: Any) -> None:
        self._inner = inner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for piece in self._inner:
                yield piece
        except sdk_httpx.ConnectTimeout as error:
            _raise_retyped(error)
            raise

    async def aclose(self) -> None:
        try:
            await self._inner.aclose()
        except sdk_httpx.ConnectTimeout as error:
            _raise_retyped(error)
            raise


def _raise_retyped(error: Exception) -> None:
    """Raise a `ConnectTimeout` that was no timeout as `ConnectError` (`RemoteProtocolError` for a hang-up).

    Returns only for a real timeout (or one without a cause to tell), which the caller re-raises as it is.
    Plain `try`/`except` blocks call this rather than a context manager: it is on every request's path.
    """
    cause = error.__cause__
    if cause is None or isinstance(cause, TimeoutError):
        return
    hang_up = type(cause).__name__ == "ServerDisconnectedError"
    retyped = sdk_httpx.RemoteProtocolError if hang_up else sdk_httpx.ConnectError
    raise retyped(str(error)) from cause
