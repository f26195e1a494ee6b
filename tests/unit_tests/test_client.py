"""Client sharing: one client per settings, async clients per live event loop."""

from __future__ import annotations

import asyncio

import httpx

from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses._transport.calls import client_settings, stream_timeout
from langchain_openrouter_responses._transport.clients import (
    ASYNC_CACHE_SIZE,
    SYNC_CACHE_SIZE,
    ClientSettings,
    _async_clients,
    aiohttp_installed,
    async_client,
    leased_async_client,
    leased_sync_client,
    sync_client,
)

SETTINGS = ClientSettings("sk-or-x", "http://127.0.0.1:9/api/v1", None, 2, ())


def test_sync_clients_are_shared_per_settings() -> None:
    assert sync_client(SETTINGS) is sync_client(SETTINGS)
    assert sync_client(SETTINGS) is not sync_client(SETTINGS._replace(max_retries=0))


def test_the_same_headers_in_another_order_name_the_same_client() -> None:
    one = ChatOpenRouterResponses(api_key="k", default_headers={"X-A": "1", "X-B": "2"})
    two = ChatOpenRouterResponses(api_key="k", default_headers={"X-B": "2", "X-A": "1"})
    assert client_settings(one, {}) == client_settings(two, {})


def test_auto_and_the_transport_it_stands_for_share_one_async_client() -> None:
    auto = ChatOpenRouterResponses(api_key="k")
    named = ChatOpenRouterResponses(api_key="k", http_async_transport="aiohttp" if aiohttp_installed() else "httpx")

    async def both() -> tuple[object, object]:
        return async_client(client_settings(auto, {})), async_client(client_settings(named, {}))

    one, two = asyncio.run(both())
    assert one is two


def test_async_settings_do_not_split_the_sync_clients() -> None:
    # Sync calls always run on httpx: the async transport and a user's async client change nothing there.
    plain = ChatOpenRouterResponses(api_key="k", http_async_transport="httpx")
    shared = sync_client(client_settings(plain, {}))
    for other in (
        ChatOpenRouterResponses(api_key="k"),
        ChatOpenRouterResponses(api_key="k", http_async_client=httpx.AsyncClient()),
    ):
        assert sync_client(client_settings(other, {})) is shared


def test_async_clients_are_per_loop_and_closed_loops_are_forgotten() -> None:
    async def get() -> object:
        return async_client(SETTINGS)

    loops = [asyncio.new_event_loop() for _ in range(3)]
    clients = []
    for loop in loops:
        clients.append(loop.run_until_complete(get()))
        assert loop.run_until_complete(get()) is clients[-1]
        loop.close()
    assert len({id(client) for client in clients}) == 3
    assert sum(1 for loop in loops if loop in _async_clients) == 1, "only the newest closed loop may linger"


def keyed(number: int) -> ClientSettings:
    return SETTINGS._replace(api_key=f"sk-or-tenant-{number}")


def test_sync_cache_is_bounded_and_closes_what_it_evicts() -> None:
    first = sync_client(keyed(0))
    for number in range(1, SYNC_CACHE_SIZE + 1):
        sync_client(keyed(number))
    assert first.is_closed()
    assert not sync_client(keyed(SYNC_CACHE_SIZE)).is_closed()


def test_a_client_evicted_during_a_call_closes_when_the_call_ends() -> None:
    with leased_sync_client(keyed(100)) as busy:
        for number in range(101, 101 + SYNC_CACHE_SIZE):
            sync_client(keyed(number))
        assert not busy.is_closed(), "closed under a running call"
    assert busy.is_closed()


def test_async_cache_is_bounded_per_loop_and_closes_what_it_evicts() -> None:
    async def fill() -> tuple[object, int]:
        first = async_client(keyed(0))
        for number in range(1, 3 * ASYNC_CACHE_SIZE):
            async with leased_async_client(keyed(number)):
                pass
        await asyncio.sleep(0)
        return first, len(_async_clients[asyncio.get_running_loop()].clients)

    first, cached = asyncio.run(fill())
    assert cached == ASYNC_CACHE_SIZE
    assert first.is_closed()  # type: ignore[attr-defined]


def test_users_own_http_clients_are_never_closed() -> None:
    own = httpx.Client()
    for number in range(SYNC_CACHE_SIZE + 1):
        sync_client(keyed(number)._replace(http_client=own))
    assert not own.is_closed


def test_clients_share_one_tls_context() -> None:
    # Each CA bundle load costs ~1 MB of native memory: per-tenant clients must not each load one.
    first, second = sync_client(keyed(500)), sync_client(keyed(501))
    assert first._client._transport._pool._ssl_context is second._client._transport._pool._ssl_context  # type: ignore[attr-defined]


def test_an_httpx_timeout_keys_the_cache_by_its_parts() -> None:
    ten = SETTINGS._replace(timeout=httpx.Timeout(10))
    assert sync_client(ten) is sync_client(SETTINGS._replace(timeout=httpx.Timeout(10)))
    assert sync_client(ten) is not sync_client(SETTINGS._replace(timeout=httpx.Timeout(10, connect=2)))
    assert sync_client(ten) is not sync_client(SETTINGS._replace(timeout=10.0))
    assert sync_client(ten).timeout == httpx.Timeout(10)


def test_a_stream_keeps_the_other_parts_of_an_httpx_timeout() -> None:
    settings = SETTINGS._replace(timeout=httpx.Timeout(10, connect=2))
    assert stream_timeout(settings, 5).as_dict() == {"connect": 2, "read": 5, "write": 10, "pool": 10}
    assert stream_timeout(SETTINGS._replace(timeout=10.0), 5).as_dict() == {
        "connect": 10,
        "read": 5,
        "write": 10,
        "pool": 10,
    }
