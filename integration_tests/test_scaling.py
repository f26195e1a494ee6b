"""Scaling out: pickled instances in other processes, shared pools, custom HTTP clients."""

from __future__ import annotations

import multiprocessing
import pickle
import time
from typing import Any

import httpx
import pytest
from langchain_core.exceptions import ModelTimeoutError

from langchain_openrouter_responses._transport.calls import client_settings
from langchain_openrouter_responses._transport.clients import sync_client
from langchain_openrouter_responses._transport.httpx_shim import sdk_httpx
from langchain_openrouter_responses.emulator import Emulator, Reply, text_item


def answer(args: tuple[bytes, str]) -> str:
    """Run in a worker process: unpickle the model and call it (its client is built there)."""
    pickled, prompt = args
    llm = pickle.loads(pickled)  # noqa: S301 (our own bytes)
    return str(llm.invoke(prompt).text)


def test_pickled_model_runs_a_batch_in_other_processes(emulator: Emulator, make_llm: Any) -> None:
    llm = make_llm(reasoning={"effort": "low"}, provider={"order": ["openai"]})
    llm.invoke("warm the parent's client")  # clients are never pickled, so this must not matter
    pickled = pickle.dumps(llm)
    prompts = [f"item {n}" for n in range(6)]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        answers = pool.map(answer, [(pickled, prompt) for prompt in prompts])
    assert answers == [f'Hello! You said: "{prompt}"' for prompt in prompts]
    bodies = [request.json for request in emulator.requests[1:]]
    assert all(body["provider"] == {"order": ["openai"]} for body in bodies)


def test_custom_http_client_is_used(emulator: Emulator, make_llm: Any) -> None:
    seen: list[str] = []
    client = sdk_httpx.Client(event_hooks={"request": [lambda request: seen.append(str(request.url))]})
    make_llm(http_client=client).invoke("hi")
    assert seen == [f"{emulator.base_url}/responses"]


async def test_custom_async_http_client_is_used(emulator: Emulator, make_llm: Any) -> None:
    seen: list[str] = []

    async def record(request: Any) -> None:
        seen.append(str(request.url))

    client = sdk_httpx.AsyncClient(event_hooks={"request": [record]})
    await make_llm(http_async_client=client).ainvoke("hi")
    assert seen == [f"{emulator.base_url}/responses"]


STALLED = Reply([text_item("a reply that stalls " * 4)], delta_size=4, fail_after=3, event_delay=3.0)
"""Sends a few events, then stays silent far longer than the chunk timeout."""


@pytest.mark.parametrize("library", [httpx, sdk_httpx], ids=["httpx", "httpx2"])
def test_stalled_stream_on_a_users_client_is_a_model_timeout(emulator: Emulator, make_llm: Any, library: Any) -> None:
    emulator.queue(STALLED)
    llm = make_llm(http_client=library.Client(), stream_chunk_timeout=0.5)
    started = time.monotonic()
    with pytest.raises(ModelTimeoutError):
        list(llm.stream("hi"))
    assert time.monotonic() - started < 2.5


@pytest.mark.parametrize("library", [httpx, sdk_httpx], ids=["httpx", "httpx2"])
async def test_stalled_async_stream_on_a_users_client_is_a_model_timeout(
    emulator: Emulator, make_llm: Any, library: Any
) -> None:
    emulator.queue(STALLED)
    llm = make_llm(http_async_client=library.AsyncClient(), stream_chunk_timeout=0.5)
    started = time.monotonic()
    with pytest.raises(ModelTimeoutError):
        async for _ in llm.astream("hi"):
            pass
    assert time.monotonic() - started < 2.5


def test_plain_httpx_client_is_used(emulator: Emulator, make_llm: Any) -> None:
    seen: list[str] = []
    client = httpx.Client(event_hooks={"request": [lambda request: seen.append(str(request.url))]})
    assert make_llm(http_client=client).invoke("hi").text
    assert seen == [f"{emulator.base_url}/responses"]


def test_max_connections_sets_the_pool_size(make_llm: Any) -> None:
    llm = make_llm(max_connections=7)
    pool = sync_client(client_settings(llm, {}))._client._transport._pool
    assert pool._max_connections == 7


def test_instances_with_the_same_settings_share_one_client(make_llm: Any) -> None:
    first, second = make_llm(), make_llm(temperature=0.3)
    assert sync_client(client_settings(first, {})) is sync_client(client_settings(second, {}))
