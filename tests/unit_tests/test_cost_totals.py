"""Invariants of the cost totals: exact sums, nesting, calls without cost, the cap's boundary."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from langchain_core.messages import AIMessage

from langchain_openrouter_responses import OpenRouterBudgetExceededError, UnpricedCall, get_openrouter_callback
from langchain_openrouter_responses.callbacks import check_caps, record_call

MODELS = ("anthropic/claude-sonnet-4", "openai/gpt-4o-mini", "google/gemini-2.5-flash")
costs = st.one_of(
    st.none(),
    st.decimals(min_value=0, max_value=1, places=9).map(float),
)
calls = st.lists(
    st.tuples(st.sampled_from(MODELS), costs, st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 50)),
    max_size=30,
)


def message(index: int, model: str, cost: float | None, prompt: int, completion: int, cached: int) -> AIMessage:
    metadata: dict[str, Any] = {"id": f"gen-{index}", "model_name": model}
    if cost is not None:
        metadata["cost"] = cost
    return AIMessage(
        "",
        response_metadata=metadata,
        usage_metadata={
            "input_tokens": prompt,
            "output_tokens": completion,
            "total_tokens": prompt + completion,
            "input_token_details": {"cache_read": min(cached, prompt)},
            "output_token_details": {"reasoning": completion // 2},
        },
    )


@given(calls, st.integers(0, 30))
def test_totals_are_exact_sums_and_an_inner_context_counts_only_its_own(
    made: list[tuple[str, float | None, int, int, int]], split: int
) -> None:
    messages = [message(index, *call) for index, call in enumerate(made)]
    with get_openrouter_callback() as outer:
        for reply in messages[:split]:
            record_call(reply)
        with get_openrouter_callback() as inner:
            for reply in messages[split:]:
                record_call(reply)
    record_call(message(999, MODELS[0], 1.0, 1, 1, 0))  # after both contexts closed: counted by neither

    def exact(replies: list[AIMessage]) -> float:
        priced = [
            Decimal(repr(reply.response_metadata["cost"])) for reply in replies if "cost" in reply.response_metadata
        ]
        return float(sum(priced, Decimal(0)))

    assert outer.total_cost == exact(messages)
    assert inner.total_cost == exact(messages[split:])
    assert outer.successful_requests == len(messages)
    assert inner.successful_requests == len(messages[split:])
    assert outer.prompt_tokens == sum(call[2] for call in made)
    assert outer.completion_tokens == sum(call[3] for call in made)
    assert outer.total_tokens == outer.prompt_tokens + outer.completion_tokens
    assert outer.cached_tokens == sum(min(call[4], call[2]) for call in made)
    assert outer.reasoning_tokens == sum(call[3] // 2 for call in made)
    assert sum(outer.by_model.values()) == pytest.approx(outer.total_cost, abs=1e-12)
    assert outer.calls_without_cost == [
        UnpricedCall(f"gen-{index}", call[0]) for index, call in enumerate(made) if call[1] is None
    ]


@given(st.lists(st.integers(1, 10**9), min_size=1, max_size=5))
def test_a_total_equal_to_the_cap_refuses_the_next_call(nano_costs: list[int]) -> None:
    nano = Decimal("0.000000001")
    cap = float(sum(nano_costs) * nano)
    with get_openrouter_callback(max_cost=cap) as cb:
        for index, amount in enumerate(nano_costs):
            check_caps()  # below the cap until the last call has been counted
            record_call(message(index, MODELS[0], float(amount * nano), 1, 1, 0))
        assert cb.total_cost == cap
        with pytest.raises(OpenRouterBudgetExceededError) as refused:
            check_caps()
    assert (refused.value.spent, refused.value.max_cost) == (cap, cap)
    check_caps()  # the cap ends with its context
