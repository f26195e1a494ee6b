"""Shared `openai` clients, built lazily and reused across model instances.

Building an `openai.OpenAI` client costs far more than building the chat model,
and each client owns a connection pool; instances with the same settings share
one. Async clients are kept per event loop, because pooled connections belong to
the loop that opened them.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import threading
import weakref
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

from langchain_core.exceptions import ModelAuthenticationError

from langchain_openrouter_responses._net import is_loopback

if TYPE_CHECKING:
    import openai


class ClientSettings(NamedTuple):
    """Everything that distinguishes one client from another."""

    api_key: str
    base_url: str
    timeout: float | None
    max_retries: int
    headers: tuple[tuple[str, str], ...]
    max_connections: int | None = None
    http_client: Any = None
    http_async_client: Any = None

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments shared by the `openai` client constructors.

        Returns:
            Constructor keyword arguments.
        """
        options: dict[str, Any] = {
            "api_key": self.api_key,
            "base_url": self.base_url,
            "max_retries": self.max_retries,
            "default_headers": dict(self.headers) or None,
        }
        if self.timeout is not None:
            options["timeout"] = self.timeout
        return options

    def limits(self) -> Any:
        """Connection-pool limits for `max_connections` (None: the SDK's defaults)."""
        if self.max_connections is None:
            return None
        from langchain_openrouter_responses._errors import HttpLimits  # noqa: PLC0415

        return HttpLimits(max_connections=self.max_connections, max_keepalive_connections=self.max_connections)


def check_base_url(base_url: str, *, allow_insecure: bool) -> None:
    """Refuse a plain-http base URL on a non-loopback host.

    Args:
        base_url: The API base URL.
        allow_insecure: Accept it anyway.

    Raises:
        ValueError: The API key would travel unencrypted over a network.
    """
    parts = urlsplit(base_url)
    if parts.scheme not in {"http", "https"}:
        raise ValueError(f"base_url {base_url!r} must start with https:// (or http:// on a loopback host).")
    if parts.scheme == "https" or allow_insecure or is_loopback(parts.hostname or ""):
        return
    raise ValueError(
        f"base_url {base_url!r} uses plain http on a non-loopback host, so the API key would travel "
        "unencrypted. Use https://, or pass allow_insecure_base_url=True if the network is trusted."
    )


def merge_headers(defaults: dict[str, str], user: dict[str, str] | None) -> dict[str, str]:
    """Merge header dicts case-insensitively; the user's values win.

    Args:
        defaults: Headers the package sets (attribution, routing metadata).
        user: `default_headers` given by the user.

    Returns:
        The merged headers.
    """
    merged = dict(defaults)
    for name, value in (user or {}).items():
        for existing in [key for key in merged if key.lower() == name.lower()]:
            del merged[existing]
        merged[name] = value
    return merged


@functools.lru_cache(maxsize=32)
def sync_client(settings: ClientSettings) -> openai.OpenAI:
    """Return the shared synchronous client for these settings.

    Args:
        settings: Client settings.

    Returns:
        A cached `openai.OpenAI`.
    """
    import openai  # noqa: PLC0415 (imported on first use: it is a large import)

    http_client = settings.http_client
    if http_client is None and (limits := settings.limits()) is not None:
        http_client = openai.DefaultHttpxClient(limits=limits)
    return openai.OpenAI(**settings.kwargs(), http_client=http_client)


_async_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopClients] = weakref.WeakKeyDictionary()


class MissingAPIKeyError(ModelAuthenticationError):
    """No API key was configured."""

    def __init__(self) -> None:
        """Explain where the key comes from."""
        super().__init__(
            "No OpenRouter API key: set the OPENROUTER_API_KEY environment variable or pass "
            "api_key= to ChatOpenRouterResponses."
        )


_async_lock = threading.Lock()


def async_client(settings: ClientSettings) -> openai.AsyncOpenAI:
    """Return the shared asynchronous client for these settings and the running loop.

    Args:
        settings: Client settings.

    Returns:
        A cached `openai.AsyncOpenAI` bound to the current event loop.
    """
    loop = asyncio.get_running_loop()
    with _async_lock:
        loop_clients = _async_clients.get(loop)
        if loop_clients is None:
            _forget_closed_loops()
            loop_clients = _async_clients[loop] = _LoopClients(loop)
        client = loop_clients.clients.get(settings)
        if client is None:
            client = loop_clients.clients[settings] = _new_async_client(settings)
    return client


class _LoopClients:
    """The async clients of one event loop, closed when that loop shuts down.

    `asyncio.run` (and `asyncio.Runner`) close every live async generator before
    closing the loop; a small generator parked here uses that moment to close the
    clients' pooled connections while the loop can still run, instead of leaving
    them to be garbage-collected after it is gone.
    """

    __slots__ = ("_closer", "_starter", "clients")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.clients: dict[ClientSettings, openai.AsyncOpenAI] = {}
        self._closer = self._close_at_shutdown()
        self._starter = loop.create_task(self._start())

    async def _start(self) -> None:
        await anext(self._closer)

    async def _close_at_shutdown(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            owned = [client for settings, client in self.clients.items() if settings.http_async_client is None]
            self.clients.clear()
            for client in owned:
                with contextlib.suppress(Exception):
                    await client.close()


def _new_async_client(settings: ClientSettings) -> openai.AsyncOpenAI:
    import openai  # noqa: PLC0415 (imported on first use: it is a large import)

    http_client = settings.http_async_client
    if http_client is None and (limits := settings.limits()) is not None:
        http_client = openai.DefaultAsyncHttpxClient(limits=limits)
    return openai.AsyncOpenAI(**settings.kwargs(), http_client=http_client)


def _forget_closed_loops() -> None:
    # Pooled connections keep their loop alive, so weak keys alone never expire;
    # drop the clients of loops that have closed (e.g. after each `asyncio.run`).
    for loop in [loop for loop in _async_clients if loop.is_closed()]:
        del _async_clients[loop]
