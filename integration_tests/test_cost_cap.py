"""get_openrouter_callback(max_cost=...): the cap stops the next call before any request is sent."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain.agents.middleware import ModelRetryMiddleware
from langchain_core.exceptions import ModelError
from langchain_core.messages import HumanMessage
from langchain_core.tools import tool

from langchain_openrouter_responses import (
    ChatOpenRouterResponses,
    OpenRouterBudgetExceededError,
    OpenRouterError,
    get_openrouter_callback,
)
from langchain_openrouter_responses.batch import BatchPrompt, BatchRunner
from langchain_openrouter_responses.emulator import Emulator, Reply, text_item

QUESTION = "What is the weather in San Francisco, CA?"
PROMPT = "Tell me about the sea"


@tool
def get_weather(location: str) -> str:
    """Get the current weather for a location."""
    return f"It's sunny in {location}."


def cost_of_one_call(emulator: Emulator, llm: ChatOpenRouterResponses) -> float:
    """What one call with PROMPT costs, as the emulator reports it (its pricing is deterministic)."""
    llm.invoke(PROMPT)
    cost: float = emulator.ledger.generations[-1].usage["cost"]
    emulator.clear()
    return cost


def test_a_total_equal_to_the_cap_stops_the_next_invoke(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    cap = cost_of_one_call(emulator, llm)
    with get_openrouter_callback(max_cost=cap) as cb:
        llm.invoke(PROMPT)
        assert cb.total_cost == cap
        with pytest.raises(OpenRouterBudgetExceededError) as caught:
            llm.invoke(PROMPT)
    assert len(emulator.requests) == 1, "the refused call sent nothing"
    error = caught.value
    assert (error.spent, error.max_cost) == (cap, cap)
    assert f"spent ${cap:.9f}".rstrip("0") in str(error)
    assert "max_cost=$" in str(error)


def test_calls_start_while_the_total_is_below_the_cap(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    cap = cost_of_one_call(emulator, llm)
    with get_openrouter_callback(max_cost=cap * 2.5) as cb:
        for _ in range(3):
            llm.invoke(PROMPT)  # the third starts at 2x, below the cap, and ends at 3x, past it
        with pytest.raises(OpenRouterBudgetExceededError):
            llm.invoke(PROMPT)
    assert cb.successful_requests == 3
    assert len(emulator.requests) == 3


def test_the_cap_stops_stream_before_the_request(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    cap = cost_of_one_call(emulator, llm)
    with get_openrouter_callback(max_cost=cap):
        list(llm.stream(PROMPT))
        with pytest.raises(OpenRouterBudgetExceededError):
            list(llm.stream(PROMPT))
    assert len(emulator.requests) == 1


async def test_the_cap_stops_ainvoke_and_astream(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    cap = cost_of_one_call(emulator, llm)
    async with get_openrouter_callback(max_cost=cap):
        await llm.ainvoke(PROMPT)
        with pytest.raises(OpenRouterBudgetExceededError):
            await llm.ainvoke(PROMPT)
        with pytest.raises(OpenRouterBudgetExceededError):
            async for _chunk in llm.astream(PROMPT):
                pass
    assert len(emulator.requests) == 1


def test_the_cap_stops_batch_and_in_flight_calls_are_counted(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    # Each answer takes a second, so all three calls are sent before the first one is counted.
    emulator.queue(*(Reply([text_item("Slow answer.")], delay=1.0) for _ in range(3)))
    with get_openrouter_callback(max_cost=1e-9) as cb:
        answers = llm.batch([PROMPT] * 3, config={"max_concurrency": 3})
        assert len(answers) == 3
        assert cb.successful_requests == 3
        costs = [Decimal(repr(generation.usage["cost"])) for generation in emulator.ledger.generations]
        assert cb.total_cost == float(sum(costs, Decimal(0)))
        results = llm.batch([PROMPT] * 2, return_exceptions=True)
    assert all(isinstance(result, OpenRouterBudgetExceededError) for result in results)
    assert len(emulator.requests) == 3


async def test_the_cap_stops_abatch(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    cap = cost_of_one_call(emulator, llm)
    async with get_openrouter_callback(max_cost=cap):
        await llm.ainvoke(PROMPT)
        results = await llm.abatch([PROMPT] * 3, return_exceptions=True)
    assert all(isinstance(result, OpenRouterBudgetExceededError) for result in results)
    assert len(emulator.requests) == 1


def test_an_outer_cap_stops_calls_inside_an_inner_context(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    cap = cost_of_one_call(emulator, llm)
    with get_openrouter_callback(max_cost=cap):
        llm.invoke(PROMPT)
        with get_openrouter_callback() as inner, pytest.raises(OpenRouterBudgetExceededError):
            llm.invoke(PROMPT)
    assert inner.successful_requests == 0
    assert len(emulator.requests) == 1


def test_an_inner_cap_does_not_outlive_its_context(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    cap = cost_of_one_call(emulator, llm)
    with get_openrouter_callback() as outer:
        with get_openrouter_callback(max_cost=cap):
            llm.invoke(PROMPT)
        llm.invoke(PROMPT)
    assert outer.successful_requests == 2
    assert len(emulator.requests) == 2


def test_a_create_agent_loop_stops_after_the_call_that_crossed(emulator: Emulator, make_llm: Any) -> None:
    llm = make_llm(model="anthropic/claude-sonnet-4")
    agent = create_agent(llm, tools=[get_weather], middleware=[ModelRetryMiddleware(max_retries=2, initial_delay=0)])
    with get_openrouter_callback(max_cost=1e-9) as cb, pytest.raises(OpenRouterBudgetExceededError):
        agent.invoke({"messages": [HumanMessage(QUESTION)]})
    assert len(emulator.requests) == 1, "the tool ran, the second model call was refused and not retried"
    assert cb.successful_requests == 1
    assert cb.total_cost == emulator.ledger.generations[0].usage["cost"]


def test_with_retry_on_the_model_errors_does_not_retry_it(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    cap = cost_of_one_call(emulator, llm)
    attempts = 0

    def retryable(error: BaseException) -> bool:
        nonlocal attempts
        attempts += 1
        return isinstance(error, ModelError) and error.is_retryable

    with get_openrouter_callback(max_cost=cap):
        llm.invoke(PROMPT)
        with pytest.raises(OpenRouterBudgetExceededError):
            llm.with_retry(retry_if_exception_type=retryable).invoke(PROMPT)  # type: ignore[arg-type]
    assert attempts == 1


def test_the_error_is_a_non_retryable_model_error() -> None:
    error = OpenRouterBudgetExceededError(0.5, 0.5)
    assert isinstance(error, ModelError)
    assert isinstance(error, OpenRouterError)
    assert error.is_retryable is False
    assert str(error).startswith("Cost cap reached: spent $0.5 of max_cost=$0.5; no request was sent.")


@pytest.mark.parametrize("max_cost", [0, -0.01])
def test_a_cap_of_zero_or_less_is_refused(max_cost: float) -> None:
    with pytest.raises(ValueError, match="max_cost must be a positive amount"):
        get_openrouter_callback(max_cost=max_cost)


async def test_tasks_started_inside_a_capped_context_are_capped(
    emulator: Emulator, llm: ChatOpenRouterResponses
) -> None:
    cap = cost_of_one_call(emulator, llm)
    async with get_openrouter_callback(max_cost=cap):
        await llm.ainvoke(PROMPT)
        with pytest.raises(OpenRouterBudgetExceededError):
            await asyncio.create_task(llm.ainvoke(PROMPT))
    assert len(emulator.requests) == 1


async def test_the_batch_runner_stops_at_the_cap_and_leaves_the_prompts_for_a_resumed_run(
    emulator: Emulator, llm: ChatOpenRouterResponses
) -> None:
    # As at the runner's own max_cost: nothing recorded as failed, nothing retried, nothing sent.
    cap = cost_of_one_call(emulator, llm)
    runner = BatchRunner(llm, concurrency=1)
    async with get_openrouter_callback(max_cost=cap):
        await llm.ainvoke(PROMPT)
        prompts = [BatchPrompt.from_obj({"prompt": text}, default_id=n) for n, text in enumerate(["one", "two"], 1)]
        records = [record async for record in runner.results(prompts)]
    assert records == []
    assert runner.summary.stopped == "max_cost"
    assert runner.summary.not_started == 2
    assert (runner.summary.requests, runner.summary.failed) == (0, 0)
    assert len(emulator.requests) == 1
