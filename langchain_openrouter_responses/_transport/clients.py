"""Shared `openai` clients, built lazily, reused across model instances, and bounded.

Building an `openai.OpenAI` client costs far more than building the chat model,
and each client owns a connection pool; instances with the same settings share
one. Async clients are kept per event loop, because pooled connections belong to
the loop that opened them.

Both caches are LRUs (a multi-tenant server passing per-call `api_key=` would
otherwise grow them without bound). An evicted client is closed as soon as no
call is using it; clients built on a user's own `http_client` are never closed
here, since the user owns that client.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import functools
import importlib.util
import threading
import weakref
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar
from urllib.parse import urlsplit

from langchain_openrouter_responses._net import is_loopback
from langchain_openrouter_responses._transport.credentials import MissingAPIKeyError

if TYPE_CHECKING:
    import openai

__all__ = [
    "ClientSettings",
    "MissingAPIKeyError",
    "aiohttp_installed",
    "async_client",
    "check_base_url",
    "leased_async_client",
    "leased_sync_client",
    "merge_headers",
    "resolve_async_transport",
    "sync_client",
]

SYNC_CACHE_SIZE = 32
"""Synchronous clients kept (least recently used evicted first)."""
ASYNC_CACHE_SIZE = 32
"""Asynchronous clients kept per event loop."""


class ClientSettings(NamedTuple):
    """Everything that distinguishes one client from another."""

    api_key: str
    base_url: str
    timeout: Any
    """Seconds, an `httpx.Timeout`, or None (the SDK's default)."""
    max_retries: int
    headers: tuple[tuple[str, str], ...]
    max_connections: int | None = None
    http_client: Any = None
    http_async_client: Any = None
    async_transport: str = "auto"
    """`"aiohttp"` or `"httpx"` for the async client this package builds (`"auto"`: resolved when it is built;
    `client_settings` resolves it up front, see `resolve_async_transport`)."""

    def sync_key(self) -> tuple[Any, ...]:
        """Return the key of the synchronous client: the async-only settings left out (sync is always httpx).

        Returns:
            Settings, hashable, equal for settings that build the same synchronous client.
        """
        return self._replace(timeout=_hashable(self.timeout), http_async_client=None, async_transport="")

    def async_key(self) -> tuple[Any, ...]:
        """Return the key of the asynchronous client: the sync-only `http_client` left out.

        Returns:
            Settings, hashable, equal for settings that build the same asynchronous client.
        """
        transport = resolve_async_transport(self.async_transport)
        return self._replace(timeout=_hashable(self.timeout), http_client=None, async_transport=transport)

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

    def pool_options(self) -> dict[str, Any]:
        """Options for the HTTP clients this package builds: a shared TLS context, and pool limits."""
        from langchain_openrouter_responses._transport.httpx_shim import HttpLimits, shared_ssl_context  # noqa: PLC0415

        options: dict[str, Any] = {"verify": shared_ssl_context()}
        if self.max_connections is not None:
            options["limits"] = HttpLimits(
                max_connections=self.max_connections, max_keepalive_connections=self.max_connections
            )
        return options


def _hashable(timeout: Any) -> Any:
    """The timeout, the one setting that may be unhashable: an `httpx.Timeout` by its parts."""
    as_dict = getattr(timeout, "as_dict", None)  # httpx / httpx2 Timeout: no hash, equal by its parts
    if callable(as_dict):
        return (type(timeout).__qualname__, tuple(sorted(as_dict().items())))
    return timeout


@functools.cache
def aiohttp_installed() -> bool:
    """Tell whether `aiohttp` (the package's `aiohttp` extra) is installed, without importing it.

    Looked up once: every call's settings resolve `"auto"` through it, and without aiohttp
    `find_spec` searches the whole import path each time (about 30 us).

    Returns:
        True when the SDK's `DefaultAioHttpClient` can be built.
    """
    return importlib.util.find_spec("aiohttp") is not None


def resolve_async_transport(choice: str) -> str:
    """Return the async transport a setting names: `"auto"` is `"aiohttp"` when it is installed, else `"httpx"`.

    Resolving it before the client cache is keyed lets `"auto"` and the transport it stands for share one client.

    Args:
        choice: `"auto"`, `"aiohttp"` or `"httpx"`.

    Returns:
        `"aiohttp"` or `"httpx"`.
    """
    if choice != "auto":
        return choice
    return "aiohttp" if aiohttp_installed() else "httpx"


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


Client = TypeVar("Client")


class _Entry(Generic[Client]):
    """One cached client and the calls currently using it."""

    __slots__ = ("client", "evicted", "owned", "users")

    def __init__(self, client: Client, *, owned: bool) -> None:
        self.client = client
        self.owned = owned
        self.users = 0
        self.evicted = False


class _ClientLRU(Generic[Client]):
    """At most `capacity` clients; the least recently used is evicted first.

    Callers `acquire` an entry for the length of a call and `release` it after;
    both return the owned clients that just became safe to close (evicted and
    unused), which the caller closes in its own sync or async way.
    """

    __slots__ = ("_capacity", "_entries", "_key", "_lock", "_owns")

    def __init__(
        self,
        capacity: int,
        owns: Callable[[ClientSettings], bool],
        key: Callable[[ClientSettings], tuple[Any, ...]],
    ) -> None:
        self._capacity = capacity
        self._owns = owns
        self._key = key
        self._entries: OrderedDict[tuple[Any, ...], _Entry[Client]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def acquire(
        self, settings: ClientSettings, build: Callable[[ClientSettings], Client]
    ) -> tuple[_Entry[Client], list[Client]]:
        key = self._key(settings)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                entry = self._entries[key] = _Entry(build(settings), owned=self._owns(settings))
            else:
                self._entries.move_to_end(key)
            entry.users += 1
            to_close = []
            while len(self._entries) > self._capacity:
                _, oldest = self._entries.popitem(last=False)
                oldest.evicted = True
                if oldest.owned and oldest.users == 0:
                    to_close.append(oldest.client)
        return entry, to_close

    def release(self, entry: _Entry[Client]) -> list[Client]:
        with self._lock:
            entry.users -= 1
            return [entry.client] if entry.evicted and entry.owned and entry.users == 0 else []

    def drain(self) -> list[Client]:
        """Forget every client; return the owned ones, to be closed."""
        with self._lock:
            entries = list(self._entries.values())
            self._entries.clear()
        return [entry.client for entry in entries if entry.owned]


_sync_clients: _ClientLRU[openai.OpenAI] = _ClientLRU(
    SYNC_CACHE_SIZE, owns=lambda settings: settings.http_client is None, key=ClientSettings.sync_key
)


@atexit.register
def _close_sync_clients_at_exit() -> None:
    # Pooled keep-alive sockets would otherwise be reported as unclosed at interpreter exit.
    _close_sync(_sync_clients.drain())


@contextlib.contextmanager
def leased_sync_client(settings: ClientSettings) -> Iterator[openai.OpenAI]:
    """Use the shared synchronous client for these settings for one call.

    Args:
        settings: Client settings.

    Yields:
        A cached `openai.OpenAI`, not closed before the call ends even if evicted meanwhile.
    """
    entry, idle = _sync_clients.acquire(settings, _new_sync_client)
    _close_sync(idle)
    try:
        yield entry.client
    finally:
        _close_sync(_sync_clients.release(entry))


def sync_client(settings: ClientSettings) -> openai.OpenAI:
    """Return the shared synchronous client for these settings (for inspection).

    Args:
        settings: Client settings.

    Returns:
        A cached `openai.OpenAI`.
    """
    with leased_sync_client(settings) as client:
        return client


def _new_sync_client(settings: ClientSettings) -> openai.OpenAI:
    import openai  # noqa: PLC0415 (imported on first use: it is a large import)

    from langchain_openrouter_responses._transport.retry import OpenRouterOpenAI  # noqa: PLC0415 (loads the openai SDK)

    http_client = settings.http_client or openai.DefaultHttpxClient(**settings.pool_options())
    return OpenRouterOpenAI(**settings.kwargs(), http_client=http_client)


def _close_sync(clients: list[openai.OpenAI]) -> None:
    for client in clients:
        with contextlib.suppress(Exception):
            client.close()


_async_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopClients] = weakref.WeakKeyDictionary()
_async_lock = threading.Lock()
_closing: set[asyncio.Task[None]] = set()


def leased_async_client(settings: ClientSettings) -> contextlib.AbstractAsyncContextManager[openai.AsyncOpenAI]:
    """Use the shared asynchronous client for these settings and the running loop for one call.

    Args:
        settings: Client settings.

    Returns:
        An async context manager giving a cached `openai.AsyncOpenAI` bound to the current event loop,
        not closed before the call ends even if evicted meanwhile.
    """
    return _AsyncLease(settings)


class _AsyncLease:
    """One call's lease of a shared async client (a small class: a call's hot path allocates little)."""

    __slots__ = ("_clients", "_entry", "_settings")

    def __init__(self, settings: ClientSettings) -> None:
        self._settings = settings

    async def __aenter__(self) -> openai.AsyncOpenAI:
        self._clients = _loop_clients(asyncio.get_running_loop()).clients
        self._entry, idle = self._clients.acquire(self._settings, _new_async_client)
        if idle:
            await _close_async(idle)
        return self._entry.client

    async def __aexit__(self, *exc_info: object) -> None:
        if closable := self._clients.release(self._entry):
            await _close_async(closable)


def async_client(settings: ClientSettings) -> openai.AsyncOpenAI:
    """Return the shared asynchronous client for these settings and the running loop (for inspection).

    Args:
        settings: Client settings.

    Returns:
        A cached `openai.AsyncOpenAI` bound to the current event loop.
    """
    clients = _loop_clients(asyncio.get_running_loop()).clients
    entry, idle = clients.acquire(settings, _new_async_client)
    clients.release(entry)
    if idle:
        closing = asyncio.get_running_loop().create_task(_close_async(idle))
        _closing.add(closing)  # the loop holds tasks only weakly
        closing.add_done_callback(_closing.discard)
    return entry.client


def _loop_clients(loop: asyncio.AbstractEventLoop) -> _LoopClients:
    orphans: list[openai.AsyncOpenAI] = []
    with _async_lock:
        loop_clients = _async_clients.get(loop)
        if loop_clients is None:
            orphans = _forget_closed_loops()
            loop_clients = _async_clients[loop] = _LoopClients(loop)
    _let_go(orphans)
    return loop_clients


class _LoopClients:
    """The async clients of one event loop, closed when that loop shuts down.

    `asyncio.run` (and `asyncio.Runner`) close every live async generator before
    closing the loop; a small generator parked here uses that moment to close the
    clients' pooled connections while the loop can still run, instead of leaving
    them to be garbage-collected after it is gone.
    """

    __slots__ = ("_closer", "_starter", "clients")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.clients: _ClientLRU[openai.AsyncOpenAI] = _ClientLRU(
            ASYNC_CACHE_SIZE, owns=lambda settings: settings.http_async_client is None, key=ClientSettings.async_key
        )
        self._closer = self._close_at_shutdown()
        self._starter = loop.create_task(self._start())

    async def _start(self) -> None:
        await anext(self._closer)

    async def _close_at_shutdown(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await _close_async(self.clients.drain())


def _new_async_client(settings: ClientSettings) -> openai.AsyncOpenAI:
    from langchain_openrouter_responses._transport.retry import OpenRouterAsyncOpenAI  # noqa: PLC0415 (loads the openai SDK)

    http_client = settings.http_async_client or _new_async_http_client(settings)
    return OpenRouterAsyncOpenAI(**settings.kwargs(), http_client=http_client)


def _new_async_http_client(settings: ClientSettings) -> Any:
    # "aiohttp" is only ever set when it is installed: the model's validator refuses it otherwise.
    if resolve_async_transport(settings.async_transport) == "aiohttp":
        from langchain_openrouter_responses._transport.aiohttp_client import AioHttpClient  # noqa: PLC0415 (loads openai)

        return AioHttpClient(**settings.pool_options())
    import openai  # noqa: PLC0415 (imported on first use: it is a large import)

    return openai.DefaultAsyncHttpxClient(**settings.pool_options())


async def _close_async(clients: list[openai.AsyncOpenAI]) -> None:
    for client in clients:
        with contextlib.suppress(Exception):
            await client.close()


def _forget_closed_loops() -> list[openai.AsyncOpenAI]:
    # Pooled connections keep their loop alive, so weak keys alone never expire;
    # drop the clients of loops that have closed (e.g. after each `asyncio.run`).
    # Those of a loop closed without `shutdown_asyncgens` are still open: they are
    # returned, to be let go (aiohttp reports unclosed sessions when collected).
    orphans: list[openai.AsyncOpenAI] = []
    for loop in [loop for loop in _async_clients if loop.is_closed()]:
        orphans += _async_clients.pop(loop).clients.drain()
    return orphans


def _let_go(clients: list[openai.AsyncOpenAI]) -> None:
    """Release the clients of a loop that closed without closing them, running nothing on any loop.

    Their connections belong to that loop, which can run nothing any more: closing them from
    another loop would call into the closed one ("Event loop is closed"). An aiohttp client is
    marked closed at once (aiohttp closes the session of a closed loop without touching the loop),
    so it reports no unclosed session or connector; an httpx client is only dropped. Either way the
    sockets are freed with the closed loop's transports.
    """
    for client in clients:
        http_client = client._client  # noqa: SLF001 (the SDK keeps the HTTP client it was given there)
        release = getattr(http_client, "release_abandoned", None)
        if callable(release):
            release()


@atexit.register
def _close_async_clients_at_exit() -> None:
    # Clients of loops left open, or closed without `shutdown_asyncgens`, still hold pooled
    # connections at exit: close them on their loop if it can still run, else let them go.
    for loop in list(_async_clients):
        clients = _async_clients.pop(loop).clients.drain()
        if not clients or loop.is_running():
            continue
        if loop.is_closed():
            _let_go(clients)
        else:
            loop.run_until_complete(_close_async(clients))
