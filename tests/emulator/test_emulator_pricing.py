"""The emulator bills as OpenRouter does: per-model prices, cache reads and writes per provider, reasoning as output."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from langchain_openrouter_responses.emulator import FIXTURES_DIR, Reply, reasoning_item, text_item
from langchain_openrouter_responses.emulator.replies.pricing import bill, listed_prices, price_of
from tests.emulator.conftest import Client

CLAUDE = "anthropic/claude-sonnet-4"  # $3/M in, $15/M out, reads $0.30/M, 5-minute writes $3.75/M
EPHEMERAL = {"type": "ephemeral"}
DOCUMENT = "clause " * 1500  # 1,500 tokens


def usage_of(client: Client, text: Any, **fields: Any) -> dict[str, Any]:
    client.emu.queue(Reply([text_item("one two three")]))
    usage: dict[str, Any] = client.ask(text, **fields).json()["usage"]
    return usage


def exact(value: float) -> Decimal:
    return Decimal(repr(value))


def assert_consistent(usage: dict[str, Any]) -> None:
    details = usage["cost_details"]
    total = exact(details["upstream_inference_input_cost"]) + exact(details["upstream_inference_output_cost"])
    assert exact(usage["cost"]) == total


def test_anthropic_caches_nothing_without_cache_control(client: Client) -> None:
    usage_of(client, DOCUMENT, model=CLAUDE)
    again = usage_of(client, DOCUMENT, model=CLAUDE)
    assert again["input_tokens_details"] == {"cached_tokens": 0}
    assert again["cost"] == 0.004545  # 1,500 x $3/M + 3 x $15/M
    assert_consistent(again)


def test_anthropic_top_level_cache_control_writes_then_reads_the_whole_prefix(client: Client) -> None:
    history: list[dict[str, Any]] = [{"role": "user", "content": DOCUMENT}]
    first = usage_of(client, history, model=CLAUDE, cache_control=EPHEMERAL)
    assert first["input_tokens_details"] == {"cached_tokens": 0, "cache_write_tokens": 1500}
    assert first["cost_details"]["upstream_inference_input_cost"] == 0.005625  # 1,500 x $3.75/M
    assert first["cost"] == 0.00567  # + 3 x $15/M
    history += [{"role": "assistant", "content": "one two three"}, {"role": "user", "content": "And clause 2?"}]

    second = usage_of(client, history, model=CLAUDE, cache_control=EPHEMERAL)

    assert second["input_tokens"] == 1506
    assert second["input_tokens_details"] == {"cached_tokens": 1500, "cache_write_tokens": 6}
    assert second["cost_details"]["upstream_inference_input_cost"] == 0.0004725  # 1,500 x $0.30/M + 6 x $3.75/M
    assert_consistent(second)


def test_anthropic_one_hour_writes_cost_twice_the_input_price(client: Client) -> None:
    usage = usage_of(client, DOCUMENT, model=CLAUDE, cache_control={"type": "ephemeral", "ttl": "1h"})
    assert usage["input_tokens_details"]["cache_write_tokens"] == 1500
    assert usage["cost_details"]["upstream_inference_input_cost"] == 0.009  # 1,500 x $6/M


def test_anthropic_marked_part_is_a_breakpoint_and_short_prefixes_are_not_cached(client: Client) -> None:
    marked = [
        {
            "role": "user",
            "content": [
                {"type": "input_text", "text": DOCUMENT, "cache_control": EPHEMERAL},
                {"type": "input_text", "text": "Question one?"},
            ],
        }
    ]
    first = usage_of(client, marked, model=CLAUDE)
    assert first["input_tokens_details"] == {"cached_tokens": 0, "cache_write_tokens": 1500}
    marked[0]["content"][1]["text"] = "Question two, different?"
    assert usage_of(client, marked, model=CLAUDE)["input_tokens_details"] == {"cached_tokens": 1500}

    short = usage_of(client, "clause " * 1000, model=CLAUDE, cache_control=EPHEMERAL)
    assert short["input_tokens_details"] == {"cached_tokens": 0}


def test_openai_caches_automatically_with_discounted_reads_and_no_write_charge(client: Client) -> None:
    first = usage_of(client, DOCUMENT, model="openai/gpt-4o")
    second = usage_of(client, DOCUMENT, model="openai/gpt-4o")
    assert first["input_tokens_details"] == {"cached_tokens": 0}
    assert first["cost_details"]["upstream_inference_input_cost"] == 0.00375  # 1,500 x $2.50/M
    assert second["input_tokens_details"] == {"cached_tokens": 1408}
    assert second["cost_details"]["upstream_inference_input_cost"] == 0.00199  # 92 x $2.50/M + 1,408 x $1.25/M
    assert_consistent(second)


def test_reasoning_tokens_are_billed_as_output(client: Client) -> None:
    client.emu.queue(Reply([reasoning_item(text="think it over"), text_item("one two three")]))
    usage = client.ask("a b c d", model=CLAUDE).json()["usage"]
    assert usage["output_tokens_details"] == {"reasoning_tokens": 3}
    assert usage["cost_details"]["upstream_inference_output_cost"] == 0.00009  # 6 x $15/M


def test_a_model_without_a_listed_price_costs_the_default(client: Client) -> None:
    usage = usage_of(client, "a b c d", model="openai/gpt-oss-20b")
    assert usage["cost"] == 0.000007  # 7 tokens x $1/M


def test_streamed_usage_is_billed_the_same(client: Client) -> None:
    client.emu.queue(Reply([text_item("one two three")]))
    streamed = client.stream("a b c d", model=CLAUDE).events[-1]["response"]["usage"]
    assert streamed["cost"] == usage_of(client, "a b c d", model=CLAUDE)["cost"] == 0.000057


def test_the_model_list_shows_the_prices_usage_is_billed_with(client: Client) -> None:
    models = client.post(b"", method="GET", path="/api/v1/models").json()["data"]
    claude = next(model for model in models if model["id"] == CLAUDE)["pricing"]
    assert (claude["prompt"], claude["completion"]) == ("0.000003", "0.000015")
    assert (claude["input_cache_read"], claude["input_cache_write"]) == ("0.0000003", "0.00000375")


tokens = st.integers(min_value=0, max_value=2_000_000)


@given(st.sampled_from(sorted(listed_prices())), tokens, tokens, tokens, tokens, st.sampled_from([None, "5m", "1h"]))
def test_a_bill_adds_up_and_caching_never_costs_more_on_reads(
    model: str, uncached: int, read: int, written: int, output: int, ttl: str | None
) -> None:
    price = price_of(model)
    charged = bill(
        price,
        input_tokens=uncached + read + written,
        cache_read=read,
        cache_write=written,
        output_tokens=output,
        ttl=ttl,
    )
    assert charged.cost == charged.input_cost + charged.output_cost
    assert charged.input_cost >= 0
    assert charged.output_cost == (output * price.output).quantize(Decimal("0.000000001"))
    assert price.cache_read <= price.input <= price.cache_write <= price.write_price(ttl)
    all_uncached = bill(
        price, input_tokens=uncached + read + written, cache_read=0, cache_write=0, output_tokens=output, ttl=ttl
    )
    if written == 0:
        assert charged.cost <= all_uncached.cost


def decoded(line: str) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except ValueError:  # a recording cut mid-event
        return {}
    return value if isinstance(value, dict) else {}


def recorded_usages() -> list[tuple[str, str, dict[str, Any]]]:
    """(recording, model, usage) of every bundled recording whose final response reports a cost."""
    found = []
    for path in sorted(FIXTURES_DIR.iterdir()):
        if path.suffix == ".sse":
            lines = [line.removeprefix("data: ") for line in path.read_text().splitlines() if line.startswith("data: ")]
            bodies = [decoded(line).get("response") for line in lines]
        elif path.name.endswith(".response.json"):
            bodies = [json.loads(path.read_text())]
        else:
            continue
        for body in bodies[::-1]:
            if isinstance(body, dict) and "cost" in (body.get("usage") or {}):
                found.append((path.name, body["model"], body["usage"]))
                break
    return found


RECORDED = recorded_usages()


def test_recordings_report_costs_for_several_models() -> None:
    assert len({model for _, model, _ in RECORDED}) >= 6


@pytest.mark.parametrize(("name", "model", "usage"), RECORDED, ids=[name for name, _, _ in RECORDED])
def test_listed_prices_reproduce_what_openrouter_billed_in_the_recordings(
    name: str, model: str, usage: dict[str, Any]
) -> None:
    # The recordings are OpenRouter's own bills: a listed price must give the same input and output cost.
    base = model.removeprefix("~").split(":", 1)[0]
    if base not in listed_prices():
        pytest.skip(f"{base} is not in the price list")
    if (usage.get("input_tokens_details") or {}).get("cached_tokens"):
        pytest.skip("a cache read: the recording cannot tell the read price from the input price")
    price = price_of(model)
    details = usage["cost_details"]
    assert price.input * usage["input_tokens"] == exact(details["upstream_inference_input_cost"])
    assert price.output * usage["output_tokens"] == exact(details["upstream_inference_output_cost"])
