"""Async calls on the SDK's aiohttp client (the `aiohttp` extra): chosen by default, closed cleanly, same errors."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from typing import Any

import openai
import pytest
from langchain_core.exceptions import ModelTimeoutError

from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses._transport import clients
from langchain_openrouter_responses._transport.aiohttp_client import AioHttpClient
from langchain_openrouter_responses._transport.calls import client_settings
from langchain_openrouter_responses._transport.errors import (
    OpenRouterAuthenticationError,
    OpenRouterConnectionError,
    OpenRouterRateLimitError,
    OpenRouterServerError,
    OpenRouterTimeoutError,
)
from langchain_openrouter_responses.batch import abatch_results
from langchain_openrouter_responses.emulator import Emulator, ErrorReply, Reply, text_item

TRANSPORTS = ["aiohttp", "httpx"]


async def http_client_of(llm: ChatOpenRouterResponses) -> Any:
    return clients.async_client(client_settings(llm, {}))._client


async def test_async_calls_use_the_sdks_aiohttp_client_by_default(emulator: Emulator, make_llm: Any) -> None:
    llm = make_llm()

    assert (await llm.ainvoke("hi")).text == 'Hello! You said: "hi"'
    assert type(await http_client_of(llm)) is AioHttpClient
    assert isinstance(await http_client_of(llm), openai.DefaultAioHttpClient)


async def test_the_httpx_setting_keeps_the_sdks_default_client(emulator: Emulator, make_llm: Any) -> None:
    llm = make_llm(http_async_transport="httpx")

    assert (await llm.ainvoke("hi")).text == 'Hello! You said: "hi"'
    assert type(await http_client_of(llm)) is openai.DefaultAsyncHttpxClient


async def test_without_aiohttp_auto_is_the_httpx_client_and_aiohttp_is_refused(
    emulator: Emulator, make_llm: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clients, "aiohttp_installed", lambda: False)
    monkeypatch.setattr("langchain_openrouter_responses.chat_models.aiohttp_installed", lambda: False)
    llm = make_llm()

    assert (await llm.ainvoke("hi")).text
    assert type(await http_client_of(llm)) is openai.DefaultAsyncHttpxClient
    with pytest.raises(ValueError, match=r"pip install 'langchain-openrouter-responses\[aiohttp\]'"):
        make_llm(http_async_transport="aiohttp")


async def test_a_users_own_async_client_wins(emulator: Emulator, make_llm: Any) -> None:
    own = openai.DefaultAsyncHttpxClient()
    llm = make_llm(http_async_client=own, http_async_transport="aiohttp")

    assert (await llm.ainvoke("hi")).text
    assert await http_client_of(llm) is own
    await own.aclose()


def test_sync_calls_stay_on_httpx(emulator: Emulator, make_llm: Any) -> None:
    llm = make_llm(http_async_transport="aiohttp")

    assert llm.invoke("hi").text
    assert type(clients.sync_client(client_settings(llm, {}))._client) is openai.DefaultHttpxClient


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_refused_connection_is_a_connection_error_not_a_timeout(transport: str) -> None:
    with socket.create_server(("127.0.0.1", 0)) as unused:
        port = unused.getsockname()[1]
    llm = ChatOpenRouterResponses(
        base_url=f"http://127.0.0.1:{port}/api/v1", api_key="sk-or-x", max_retries=0, http_async_transport=transport
    )

    with pytest.raises(OpenRouterConnectionError) as caught:
        await llm.ainvoke("hi")
    assert not isinstance(caught.value, openai.APITimeoutError)


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_server_hanging_up_before_answering_is_a_connection_error(
    emulator: Emulator, make_llm: Any, transport: str
) -> None:
    emulator.queue(Reply([text_item("never")], fail_after=0, failure="disconnect"))

    with pytest.raises(OpenRouterConnectionError) as caught:
        await make_llm(http_async_transport=transport).ainvoke("hi")
    assert not isinstance(caught.value, openai.APITimeoutError)


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_slow_answer_is_a_timeout(emulator: Emulator, make_llm: Any, transport: str) -> None:
    emulator.queue(Reply([text_item("late")], delay=2.0))

    with pytest.raises(OpenRouterTimeoutError):
        await make_llm(timeout=0.3, http_async_transport=transport).ainvoke("hi")


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_stalled_stream_is_a_model_timeout(emulator: Emulator, make_llm: Any, transport: str) -> None:
    emulator.queue(Reply([text_item("a reply that stalls " * 4)], delta_size=4, fail_after=3, event_delay=3.0))

    with pytest.raises(ModelTimeoutError):
        async for _ in make_llm(stream_chunk_timeout=0.5, http_async_transport=transport).astream("hi"):
            pass


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize(
    ("status", "error_class"),
    [(401, OpenRouterAuthenticationError), (429, OpenRouterRateLimitError), (500, OpenRouterServerError)],
)
async def test_http_statuses_keep_their_classes(
    emulator: Emulator, make_llm: Any, transport: str, status: int, error_class: type[Exception]
) -> None:
    emulator.queue(ErrorReply(status, {"error": {"code": status, "message": "no"}}))

    with pytest.raises(error_class):
        await make_llm(http_async_transport=transport).ainvoke("hi")


@pytest.fixture
def cutting_server() -> Iterator[int]:
    """Answers with a stream's head and two events, then closes the connection mid-body."""
    server = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    data += conn.recv(65536)
                events = b': OPENROUTER PROCESSING\n\ndata: {"type":"response.created","response":{"id":"r"}}\n\n'
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + b"%x\r\n%s\r\n" % (len(events), events)
                )

    threading.Thread(target=serve, daemon=True).start()
    yield server.getsockname()[1]
    server.close()


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_stream_cut_mid_body_is_a_connection_error(cutting_server: int, transport: str) -> None:
    llm = ChatOpenRouterResponses(
        base_url=f"http://127.0.0.1:{cutting_server}/api/v1",
        api_key="sk-or-x",
        max_retries=0,
        http_async_transport=transport,
    )

    with pytest.raises(OpenRouterConnectionError, match="while reading the response") as caught:
        async for _ in llm.astream("hi"):
            pass
    assert not isinstance(caught.value, ModelTimeoutError)


CLOSING_SCRIPT = textwrap.dedent(
    """
    import asyncio
    from langchain_openrouter_responses import ChatOpenRouterResponses
    from langchain_openrouter_responses.emulator import Emulator

    with Emulator() as emulator:
        llm = ChatOpenRouterResponses(base_url=emulator.base_url, api_key=emulator.api_key)

        async def calls():
            await asyncio.gather(*(llm.ainvoke(f"q{n}") for n in range(20)))
            async for _ in llm.astream("stream"):
                pass

        asyncio.run(calls())  # clients closed on loop shutdown
        loop = asyncio.new_event_loop()
        loop.run_until_complete(calls())
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
        asyncio.run(calls())
    print("done")
    """
)


LEFT_OPEN_SCRIPT = textwrap.dedent(
    """
    import asyncio, sys
    from langchain_openrouter_responses import ChatOpenRouterResponses
    from langchain_openrouter_responses.emulator import Emulator

    emulator = Emulator().start()
    llm = ChatOpenRouterResponses(base_url=emulator.base_url, api_key=emulator.api_key)
    loop = asyncio.new_event_loop()
    loop.run_until_complete(llm.ainvoke("on a loop that is never shut down"))
    if sys.argv[1] != "open":
        loop.close()  # without shutdown_asyncgens: the clients' own closing never ran
    if sys.argv[1] == "reused":
        asyncio.run(llm.ainvoke("on the next loop"))
    print("done")
    """
)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_clients_of_a_loop_closed_without_shutdown_are_let_go_without_calling_into_it(
    emulator: Emulator, make_llm: Any, transport: str
) -> None:
    llm = make_llm(http_async_transport=transport)
    abandoned = asyncio.new_event_loop()

    async def call() -> Any:
        await llm.ainvoke("hi")
        return await http_client_of(llm)

    old_client = abandoned.run_until_complete(call())
    abandoned.close()  # without shutdown_asyncgens: the clients' own closing never ran
    raised: list[BaseException] = []
    closing = old_client.aclose

    async def recorded_closing() -> None:
        try:
            await closing()
        except BaseException as error:
            raised.append(error)
            raise

    old_client.aclose = recorded_closing

    async def on_the_next_loop() -> bool:
        clients.async_client(client_settings(llm, {}))  # this loop's first client: the closed loop's are let go
        closed_at_once = bool(old_client.is_closed)
        await asyncio.sleep(0.05)  # whatever was scheduled here runs
        return closed_at_once

    closed_at_once = asyncio.run(on_the_next_loop())
    assert not raised, "closing called into the closed loop"
    assert closed_at_once is (transport == "aiohttp"), "aiohttp's session is closed at once, httpx's only dropped"


@pytest.mark.parametrize("ending", ["open", "closed", "reused"])
def test_clients_of_a_loop_that_was_not_shut_down_close_quietly(ending: str) -> None:
    # The loop is left open at exit, closed without shutdown_asyncgens, or followed by another loop.
    result = subprocess.run(
        [sys.executable, "-c", LEFT_OPEN_SCRIPT, ending], capture_output=True, text=True, timeout=60, check=False
    )

    assert result.stdout.strip() == "done", result.stderr
    assert "Unclosed client session" not in result.stderr, result.stderr
    assert "Unclosed connector" not in result.stderr, result.stderr


def test_aiohttp_clients_close_without_warnings_at_loop_shutdown_and_exit() -> None:
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", CLOSING_SCRIPT],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.stdout.strip() == "done", result.stderr
    assert "Unclosed" not in result.stderr, result.stderr
    assert "Warning" not in result.stderr, result.stderr


async def test_the_batch_runner_runs_on_the_aiohttp_client(emulator: Emulator, make_llm: Any) -> None:
    llm = make_llm()
    loop_clients = clients._loop_clients(asyncio.get_running_loop()).clients

    results = [record async for record in abatch_results(llm, ["one", "two", "three"], concurrency=3)]

    assert sorted(record["text"] for record in results) == [f'Hello! You said: "{w}"' for w in ("one", "three", "two")]
    assert len(loop_clients) == 1  # the runner's client, which the inspection below finds again
    assert type(await http_client_of(llm)) is AioHttpClient
    assert len(loop_clients) == 1
