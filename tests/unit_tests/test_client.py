"""Client sharing: one client per settings, async clients per live event loop."""

from __future__ import annotations

import asyncio

from langchain_openrouter_responses._client import ClientSettings, _async_clients, async_client, sync_client

SETTINGS = ClientSettings("sk-or-x", "http://127.0.0.1:9/api/v1", None, 2, ())


def test_sync_clients_are_shared_per_settings() -> None:
    assert sync_client(SETTINGS) is sync_client(SETTINGS)
    assert sync_client(SETTINGS) is not sync_client(SETTINGS._replace(max_retries=0))


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
