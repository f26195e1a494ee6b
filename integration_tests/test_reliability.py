"""Faults survived: retries within time budgets, stalls, cancellation, concurrency, huge events."""

from __future__ import annotations

import asyncio
import gc
import threading
import time
from typing import Any

import openai
import pytest
from langchain_core.exceptions import (
    ModelAPIError,
    ModelConnectionError,
    ModelRateLimitError,
    ModelTimeoutError,
)

from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses.emulator import Emulator, ErrorReply, Reply, text_item

SERVER_ERROR = {"error": {"code": 502, "message": "Provider returned error", "metadata": {"provider_name": "Emulated"}}}


def wait_for(condition: Any, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return bool(condition())


@pytest.mark.parametrize("status", [502, 503, 524, 529])
def test_transient_statuses_are_retried_to_success(emulator: Emulator, make_llm: Any, status: int) -> None:
    emulator.queue(ErrorReply(status, SERVER_ERROR, headers={"Retry-After": "0.05"}), Reply([text_item("ok")]))
    assert make_llm(max_retries=1).invoke("hi").text == "ok"
    assert len(emulator.requests) == 2


def test_retry_after_is_honoured_within_the_budget(emulator: Emulator, make_llm: Any) -> None:
    limited = {"error": {"code": 429, "message": "Rate limit exceeded", "metadata": {"provider_name": "Venice"}}}
    for _ in range(3):
        emulator.queue(ErrorReply(429, limited, headers={"Retry-After": "0.2"}))
    started = time.monotonic()
    with pytest.raises(ModelRateLimitError, match="Venice") as caught:
        make_llm(max_retries=2).invoke("hi")
    elapsed = time.monotonic() - started
    assert len(emulator.requests) == 3
    assert 0.4 <= elapsed < 2.0, elapsed
    assert caught.value.retry_after == 0.2  # type: ignore[attr-defined]
    assert caught.value.provider_name == "Venice"  # type: ignore[attr-defined]


def test_connection_refused_after_retries_within_the_budget() -> None:
    llm = ChatOpenRouterResponses(base_url="http://127.0.0.1:9/api/v1", api_key="sk-or-x", max_retries=2)
    started = time.monotonic()
    with pytest.raises(ModelConnectionError):
        llm.invoke("hi")
    assert time.monotonic() - started < 10.0


def test_read_timeout_within_the_budget(emulator: Emulator, make_llm: Any) -> None:
    emulator.queue(Reply([text_item("late")], delay=3.0))
    started = time.monotonic()
    with pytest.raises(ModelTimeoutError):
        make_llm(timeout=0.5).invoke("hi")
    assert 0.4 <= time.monotonic() - started < 2.5


@pytest.mark.parametrize("use_async", [False, True])
def test_stalled_stream_hits_the_chunk_timeout(emulator: Emulator, make_llm: Any, use_async: bool) -> None:
    emulator.queue(Reply([text_item("a b c d e f")], delta_size=2, event_delay=2.0, keepalive_comments=0))
    llm = make_llm(stream_chunk_timeout=0.5)
    started = time.monotonic()
    received: list[Any] = []

    async def consume() -> None:
        async for chunk in llm.astream("hi"):
            received.append(chunk)

    with pytest.raises(ModelTimeoutError) as caught:
        if use_async:
            asyncio.run(consume())
        else:
            received.extend(llm.stream("hi"))
    assert isinstance(caught.value, openai.APITimeoutError)
    assert time.monotonic() - started < 1.9


def test_breaking_out_of_a_stream_closes_the_connection(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.queue(Reply([text_item("word " * 400)], delta_size=2, event_delay=0.005))
    stream = llm.stream("hi")
    for chunk in stream:
        if chunk.text:
            break
    stream.close()
    assert wait_for(lambda: emulator.disconnects == 1), "the emulator should see the client leave"


async def test_cancelling_an_astream_task_closes_the_connection(
    emulator: Emulator, llm: ChatOpenRouterResponses
) -> None:
    emulator.queue(Reply([text_item("word " * 400)], delta_size=2, event_delay=0.005))
    started = asyncio.Event()

    async def consume() -> None:
        async for chunk in llm.astream("hi"):
            if chunk.text:
                started.set()

    task = asyncio.create_task(consume())
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    deadline = time.monotonic() + 5
    while emulator.disconnects < 1 and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    assert emulator.disconnects == 1


async def test_many_cancelled_streams_leave_nothing_open(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    count = 1000

    async def consume_one() -> None:
        async for chunk in llm.astream("hi"):
            if chunk.text:
                return

    for _ in range(count):
        emulator.queue(Reply([text_item("word " * 200)], delta_size=2, event_delay=0.002))
    await asyncio.gather(*(consume_one() for _ in range(count)))
    deadline = time.monotonic() + 10
    while emulator.disconnects < count and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    assert emulator.disconnects == count
    gc.collect()
    # Generators left by `return` inside `async for` are closed by the loop's finalizer tasks.
    deadline = time.monotonic() + 5
    while asyncio.all_tasks() != {asyncio.current_task()} and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    assert asyncio.all_tasks() == {asyncio.current_task()}


def test_one_instance_shared_by_threads(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    errors: list[BaseException] = []
    answers: dict[int, str] = {}

    def worker(number: int) -> None:
        try:
            answers[number] = "".join(chunk.text for chunk in llm.stream(f"thread {number}"))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert answers == {n: f'Hello! You said: "thread {n}"' for n in range(16)}


def test_batch_returns_each_failure_in_its_slot(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.queue(
        Reply([text_item("first")]),
        ErrorReply(500, {"error": {"code": 500, "message": "Internal Server Error"}}),
        Reply([text_item("third")]),
    )
    results = llm.batch(["1", "2", "3"], config={"max_concurrency": 1}, return_exceptions=True)
    assert results[0].text == "first"  # type: ignore[union-attr]
    assert isinstance(results[1], ModelAPIError)
    assert results[2].text == "third"  # type: ignore[union-attr]


async def test_abatch_shares_the_instance(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    replies = await llm.abatch([f"task {n}" for n in range(50)])
    assert [reply.text for reply in replies] == [f'Hello! You said: "task {n}"' for n in range(50)]


def test_ten_megabyte_event(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    answer = "x" * (10 * 1024 * 1024)
    emulator.queue(Reply([text_item(answer)], delta_size=len(answer)))
    chunks = list(llm.stream("hi"))
    assert "".join(chunk.text for chunk in chunks) == answer


def test_hundred_thousand_deltas(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.queue(Reply([text_item("ab" * 100_000)], delta_size=2, keepalive_comments=0))
    count = 0
    length = 0
    for chunk in llm.stream("hi"):
        if chunk.text:
            count += 1
            length += len(chunk.text)
    assert (count, length) == (100_000, 200_000)


@pytest.mark.parametrize(
    ("base_url", "allowed"),
    [
        ("https://openrouter.ai/api/v1", True),
        ("http://127.0.0.1:8080/api/v1", True),
        ("http://localhost:8080/api/v1", True),
        ("http://[::1]:8080/api/v1", True),
        ("http://proxy.internal:8080/api/v1", False),
        ("http://10.1.2.3/api/v1", False),
        ("ftp://openrouter.ai/api/v1", False),
    ],
)
def test_plain_http_to_a_remote_host_is_refused(base_url: str, allowed: bool) -> None:
    if allowed:
        ChatOpenRouterResponses(base_url=base_url)
        return
    with pytest.raises(ValueError, match="https"):
        ChatOpenRouterResponses(base_url=base_url)


def test_insecure_base_url_can_be_allowed_explicitly() -> None:
    llm = ChatOpenRouterResponses(base_url="http://proxy.internal:8080/api/v1", allow_insecure_base_url=True)
    assert llm.base_url == "http://proxy.internal:8080/api/v1"
    with pytest.raises(ValueError, match="unencrypted"):
        ChatOpenRouterResponses(api_key="k").invoke("hi", base_url="http://proxy.internal/api/v1")


def test_repeated_asyncio_run_closes_pooled_connections(
    emulator: Emulator, llm: ChatOpenRouterResponses, caplog: pytest.LogCaptureFixture
) -> None:
    import warnings  # noqa: PLC0415

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            assert asyncio.run(llm.ainvoke("hi")).text == 'Hello! You said: "hi"'
        gc.collect()
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []
    assert "Event loop is closed" not in caplog.text
