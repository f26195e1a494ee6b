"""The recording proxy's client: the `openai` SDK's own HTTP stack (`httpx2`, or `httpx` under older SDKs).

The proxy is the one part of the package that talks to the real OpenRouter, so it uses the
best-tested client there is rather than a fast hand-written one: proxies named by the environment
(`HTTP(S)_PROXY`, `ALL_PROXY`, `NO_PROXY`), TLS with the SDK's trust store, HTTP/2 when `h2` is
installed, and compressed bodies decoded before they are relayed and recorded.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import AsyncIterator
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx2

CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 600.0
_NOT_OURS = ("accept", "user-agent")  # the client's defaults: only the caller's headers go upstream


def http_library() -> ModuleType:
    """Return the HTTP library the installed `openai` SDK runs on (imported on first use: startup stays fast)."""
    try:
        return importlib.import_module("httpx2")
    except ImportError:  # pragma: no cover - openai releases before the move to httpx2
        return importlib.import_module("httpx")


class RelayedResponse:
    """A response whose head has arrived and whose body is still arriving."""

    def __init__(self, response: httpx2.Response) -> None:
        """Wrap a response opened with `stream=True`."""
        self.status: int = response.status_code
        self.headers: list[tuple[bytes, bytes]] = list(response.headers.raw)
        self._response = response

    async def pieces(self) -> AsyncIterator[bytes]:
        """Yield the body as it arrives, with any `Content-Encoding` undone (no piece is empty)."""
        async for piece in self._response.aiter_bytes():
            if piece:
                yield piece

    async def aclose(self) -> None:
        """Release the connection (back to the pool once the body was read to its end)."""
        await self._response.aclose()


class UpstreamClient:
    """Sends the proxy's requests below one API base URL, over a pooled client made on first use."""

    def __init__(self, base_url: str) -> None:
        """Relay to `base_url` (e.g. `https://openrouter.ai/api/v1`)."""
        self.base_url = base_url.rstrip("/")
        self._client: httpx2.AsyncClient | None = None

    async def post(self, path: str, headers: list[tuple[bytes, bytes]], body: bytes) -> RelayedResponse:
        """Send a POST to `base_url + path`; return once the response head has arrived.

        Args:
            path: Below the base URL, e.g. `/responses`.
            headers: The headers to send; `Host` and `Content-Length` are added.
            body: The request body.

        Raises:
            httpx2.HTTPError: The URL cannot be used, the upstream could not be reached, or it broke the exchange
                (the class name is what the caller's 502 message shows).
        """
        client = self._client or self._open()
        request = client.build_request("POST", self.base_url + path, headers=headers, content=body)
        return RelayedResponse(await client.send(request, stream=True))

    async def aclose(self) -> None:
        """Close every pooled connection."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def _open(self) -> httpx2.AsyncClient:
        http = http_library()
        timeout = http.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT)
        http2 = importlib.util.find_spec("h2") is not None
        client: httpx2.AsyncClient = http.AsyncClient(timeout=timeout, http2=http2, trust_env=True)
        for name in _NOT_OURS:
            client.headers.pop(name, None)
        self._client = client
        return client
