"""get_openrouter_callback(): exact totals of every call, nesting and isolation, against the emulator.

Every expected figure comes from the emulator's own ledger (the usage it reported for each
response it served), never from re-pricing the tokens here.
"""

from __future__ import annotations

import asyncio
import threading
from decimal import Decimal
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain_core.messages import HumanMessage
from langchain_core.tools import tool

from langchain_openrouter_responses import (
    ChatOpenRouterResponses,
    OpenRouterCallback,
    UnpricedCall,
    get_openrouter_callback,
)
from langchain_openrouter_responses.emulator import Emulator, Reply, text_item

QUESTION = "What is the weather in San Francisco, CA?"


@tool
def get_weather(location: str) -> str:
    """Get the current weather for a location."""
    return f"It's sunny in {location}."


def ledger_totals(emulator: Emulator, indices: slice | list[int] = slice(None)) -> dict[str, Any]:
    """The totals a callback should report for the emulator's generations at `indices` (all by default)."""
    generations = emulator.ledger.generations
    generations = generations[indices] if isinstance(indices, slice) else [generations[index] for index in indices]
    usages = [generation.usage for generation in generations]
    by_model: dict[str, Decimal] = {}
    for generation in generations:
        cost = Decimal(repr(generation.usage["cost"]))
        by_model[generation.model] = by_model.get(generation.model, Decimal(0)) + cost
    return {
        "total_cost": float(sum(by_model.values(), Decimal(0))),
        "successful_requests": len(usages),
        "prompt_tokens": sum(usage["input_tokens"] for usage in usages),
        "completion_tokens": sum(usage["output_tokens"] for usage in usages),
        "total_tokens": sum(usage["total_tokens"] for usage in usages),
        "cached_tokens": sum(usage["input_tokens_details"]["cached_tokens"] for usage in usages),
        "reasoning_tokens": sum(usage["output_tokens_details"]["reasoning_tokens"] for usage in usages),
        "by_model": {model: float(cost) for model, cost in by_model.items()},
    }


def totals(callback: OpenRouterCallback) -> dict[str, Any]:
    return {
        "total_cost": callback.total_cost,
        "successful_requests": callback.successful_requests,
        "prompt_tokens": callback.prompt_tokens,
        "completion_tokens": callback.completion_tokens,
        "total_tokens": callback.total_tokens,
        "cached_tokens": callback.cached_tokens,
        "reasoning_tokens": callback.reasoning_tokens,
        "by_model": callback.by_model,
    }


@pytest.fixture
def reasoning_llm(make_llm: Any) -> ChatOpenRouterResponses:
    return make_llm(model="anthropic/claude-sonnet-4", reasoning={"effort": "low"})  # type: ignore[no-any-return]


def test_invoke_totals_match_the_emulator_exactly(emulator: Emulator, reasoning_llm: ChatOpenRouterResponses) -> None:
    with get_openrouter_callback() as cb:
        reasoning_llm.invoke("Tell me about the sea")
        reasoning_llm.invoke("And about the mountains, at length please")
    expected = ledger_totals(emulator)
    assert expected["successful_requests"] == 2
    assert expected["reasoning_tokens"] > 0
    assert expected["total_cost"] > 0
    assert totals(cb) == expected
    assert cb.calls_without_cost == []


def test_stream_counts_once_from_its_final_usage(emulator: Emulator, reasoning_llm: ChatOpenRouterResponses) -> None:
    with get_openrouter_callback() as cb:
        chunks = list(reasoning_llm.stream("Tell me about the sea"))
    assert len(chunks) > 3
    assert totals(cb) == ledger_totals(emulator)
    assert cb.successful_requests == 1


def test_invoke_with_streaming_on_counts_once(emulator: Emulator, make_llm: Any) -> None:
    with get_openrouter_callback() as cb:
        make_llm(streaming=True).invoke("Tell me about the sea")
    assert emulator.requests[0].json["stream"] is True
    assert totals(cb) == ledger_totals(emulator)
    assert cb.successful_requests == 1


async def test_ainvoke_and_astream_totals(emulator: Emulator, reasoning_llm: ChatOpenRouterResponses) -> None:
    async with get_openrouter_callback() as cb:
        await reasoning_llm.ainvoke("Tell me about the sea")
        chunks = [chunk async for chunk in reasoning_llm.astream("Tell me about the sky")]
    assert len(chunks) > 3
    assert totals(cb) == ledger_totals(emulator)
    assert cb.successful_requests == 2


def test_batch_threads_add_to_the_context_they_started_in(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    prompts = [f"Question number {index} about rivers" for index in range(6)]
    with get_openrouter_callback() as cb:
        llm.batch(prompts, config={"max_concurrency": 3})
    assert totals(cb) == ledger_totals(emulator)
    assert cb.successful_requests == 6


async def test_abatch_and_streams_in_tasks(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    prompts = [f"Question number {index} about lakes" for index in range(5)]

    async def drain(prompt: str) -> None:
        async for _chunk in llm.astream(prompt):
            pass

    with get_openrouter_callback() as cb:
        await llm.abatch(prompts)
        await asyncio.gather(drain("one more"), drain("and another"))
    assert totals(cb) == ledger_totals(emulator)
    assert cb.successful_requests == 7


def test_create_agent_run_totals(emulator: Emulator, reasoning_llm: ChatOpenRouterResponses) -> None:
    agent = create_agent(reasoning_llm, tools=[get_weather])
    with get_openrouter_callback() as cb:
        result = agent.invoke({"messages": [HumanMessage(QUESTION)]})
    assert "sunny" in result["messages"][-1].text
    assert cb.successful_requests == 2
    assert totals(cb) == ledger_totals(emulator)


async def test_create_agent_astream_totals(emulator: Emulator, reasoning_llm: ChatOpenRouterResponses) -> None:
    agent = create_agent(reasoning_llm, tools=[get_weather])
    async with get_openrouter_callback() as cb:
        async for _event in agent.astream({"messages": [HumanMessage(QUESTION)]}, stream_mode="messages"):
            pass
    assert cb.successful_requests == 2
    assert totals(cb) == ledger_totals(emulator)


def test_by_model_names_the_model_that_served(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.queue(Reply([text_item("From the fallback.")], model="openai/gpt-4o-mini"))
    with get_openrouter_callback() as cb:
        llm.invoke("first")
        llm.invoke("second")
    assert set(cb.by_model) == {"openai/gpt-4o-mini", llm.model_name}
    assert cb.by_model == ledger_totals(emulator)["by_model"]


def test_nested_contexts(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    with get_openrouter_callback() as outer:
        llm.invoke("before the inner context")
        with get_openrouter_callback() as inner:
            llm.invoke("inside the inner context")
        llm.invoke("after the inner context")
    assert totals(outer) == ledger_totals(emulator)
    assert outer.successful_requests == 3
    assert totals(inner) == ledger_totals(emulator, [1])
    assert inner.successful_requests == 1


def test_a_call_after_the_context_closed_is_not_counted(llm: ChatOpenRouterResponses) -> None:
    with get_openrouter_callback() as cb:
        llm.invoke("inside")
    llm.invoke("outside")
    assert cb.successful_requests == 1


def test_contexts_in_other_threads_see_nothing_of_each_other(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    seen: dict[str, OpenRouterCallback] = {}
    barrier = threading.Barrier(2)

    def work(name: str, calls: int) -> None:
        with get_openrouter_callback() as cb:
            barrier.wait()
            for index in range(calls):
                llm.invoke(f"{name} asks question {index}")
            barrier.wait()
        seen[name] = cb

    with get_openrouter_callback() as outer:
        threads = [threading.Thread(target=work, args=(name, calls)) for name, calls in (("left", 1), ("right", 3))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert seen["left"].successful_requests == 1
    assert seen["right"].successful_requests == 3
    assert seen["left"].total_cost + seen["right"].total_cost == pytest.approx(ledger_totals(emulator)["total_cost"])
    # A plain Thread does not copy the context it was started in, so the outer context sees nothing.
    assert outer.successful_requests == 0


async def test_contexts_in_other_tasks_see_nothing_of_each_other(llm: ChatOpenRouterResponses) -> None:
    started = asyncio.Event()

    async def work(calls: int) -> OpenRouterCallback:
        async with get_openrouter_callback() as cb:
            await started.wait()
            for index in range(calls):
                await llm.ainvoke(f"question {index}")
        return cb

    async with get_openrouter_callback() as outer:
        tasks = [asyncio.create_task(work(calls)) for calls in (2, 1)]
        await asyncio.sleep(0)
        started.set()
        two, one = await asyncio.gather(*tasks)
    assert (two.successful_requests, one.successful_requests) == (2, 1)
    assert outer.successful_requests == 3  # tasks copy the context they start in: the outer one counts


def test_a_response_without_cost_is_counted_and_named(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    usage = {
        "input_tokens": 5,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": 2,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": 7,
    }
    emulator.queue(Reply([text_item("No price here.")], usage=usage))
    with get_openrouter_callback() as cb:
        unpriced = llm.invoke("unpriced")
        llm.invoke("priced")
    assert cb.successful_requests == 2
    assert cb.calls_without_cost == [UnpricedCall(unpriced.response_metadata["id"], llm.model_name)]
    assert cb.total_cost == float(Decimal(repr(emulator.ledger.generations[1].usage["cost"])))
    assert cb.prompt_tokens == 5 + emulator.ledger.generations[1].usage["input_tokens"]


def test_repr_summarises_the_totals(llm: ChatOpenRouterResponses) -> None:
    with get_openrouter_callback() as cb:
        llm.invoke("hello")
    text = repr(cb)
    assert "Successful Requests: 1" in text
    assert f"Total Cost (USD): ${cb.total_cost}" in text
