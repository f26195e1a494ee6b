"""What a 20-turn agent conversation costs, without prompt caching and with it, in the emulator.

    uv run python -m benchmarks.agent_cost [--turns 20] [--chart PATH]

A `create_agent` support agent (a long system prompt, two tools) on an Anthropic model answers
20 questions in one conversation; each question takes three model calls (two tool calls, then
the answer), and every call resends the whole history. It runs twice, each time against a fresh
emulator: once as it comes, once with top-level `cache_control` (Anthropic caches nothing
unmarked). The emulator bills as OpenRouter does (`emulator/replies/pricing.py`), and
`get_openrouter_callback()` totals what it reports, per turn and overall. It prints a Markdown
table and, last, `agent cost: cached/uncached X.XXx (...)`; `--chart` also draws the cumulative
cost per turn of both runs (needs matplotlib, in the `bench` group).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain.agents import create_agent
from langchain_core.messages import AnyMessage, HumanMessage
from langchain_core.tools import tool

from langchain_openrouter_responses import ChatOpenRouterResponses, get_openrouter_callback
from langchain_openrouter_responses.emulator import Emulator, Reply, function_call_item, text_item

MODEL = "anthropic/claude-sonnet-4"
CITIES = ("Lyon", "Porto", "Ghent", "Bergen", "Graz")
POLICIES = (
    "Greet the customer by name when they give it, and answer in the language they write in.",
    "Look up every order the customer mentions before saying anything about its status or delivery date.",
    "Quote shipping only from the shipping tool, never from memory, and say which carrier the quote is for.",
    "A refund is due when a part arrives damaged, when it is not the part ordered, or when it arrives late.",
    "Returns are accepted within thirty days of delivery for unused parts in their original packaging.",
    "Wheels, frames and forks are oversized items: they ship by freight and cannot go to a parcel locker.",
    "Never promise a delivery date the order tool did not give; say the date is an estimate when it is one.",
    "Offer the express service only when the customer asks for speed or the order is already late.",
    "Batteries and e-bike motors ship by ground only, because air carriers refuse lithium cells.",
    "When a customer is upset, acknowledge the problem in one sentence and then give the facts and next step.",
    "Keep answers short: the status, the quote, and one clear next step, with no marketing language at all.",
    "Escalate to a human when the customer asks for one, threatens a chargeback, or reports an injury.",
)
SECTIONS = ("orders", "shipping", "returns", "refunds", "oversized parts", "electric parts", "tone", "escalation")


def system_prompt() -> str:
    """A support handbook of about 1,900 words (real agents' prompts and tool schemas are often longer)."""
    parts = ["You are the support agent of Spoke & Chain, a bicycle parts shop that ships across Europe."]
    for number, section in enumerate(SECTIONS, start=1):
        parts.append(f"Section {number}, {section}.")
        parts.extend(f"Rule {number}.{index}: {policy}" for index, policy in enumerate(POLICIES, start=1))
    return "\n".join(parts)


@tool
def order_status(order_id: str) -> str:
    """Look up an order: its status, carrier and estimated delivery date."""
    number = int(order_id.rsplit("-", 1)[-1])
    return json.dumps({"order": order_id, "status": "shipped", "carrier": "DPD", "eta": f"2026-12-{10 + number % 15}"})


@tool
def shipping_quote(destination: str, weight_kg: float) -> str:
    """Quote shipping a parcel of `weight_kg` to `destination` (standard and express)."""
    standard = round(4.5 + 1.2 * weight_kg, 2)
    return json.dumps({"destination": destination, "standard_eur": standard, "express_eur": round(standard * 1.8, 2)})


@dataclass(frozen=True)
class Question:
    """One customer turn."""

    order_id: str
    destination: str
    weight_kg: float

    def text(self) -> str:
        """The customer's message."""
        return (
            f"Hi, where is my order {self.order_id}? And what would it cost to send a {self.weight_kg} kg "
            f"spare part to {self.destination}?"
        )


def questions(turns: int) -> list[Question]:
    """The conversation's questions, one per turn."""
    return [Question(f"SC-{1001 + turn}", CITIES[turn % len(CITIES)], 1.0 + turn % 4) for turn in range(turns)]


def scripted_agent(turns: list[Question]) -> Any:
    """An emulator responder playing the model: order lookup, then shipping quote, then the answer."""

    def respond(body: dict[str, Any], _model: str) -> Reply:
        items = body["input"]
        asked = sum(1 for item in items if item.get("role") == "user")
        question = turns[asked - 1]
        last = items[-1]
        if last.get("type") != "function_call_output":
            arguments = json.dumps({"order_id": question.order_id})
            return Reply([function_call_item("order_status", arguments, call_id=f"call-{asked}-a")])
        if last["call_id"].endswith("-a"):
            arguments = json.dumps({"destination": question.destination, "weight_kg": question.weight_kg})
            return Reply([function_call_item("shipping_quote", arguments, call_id=f"call-{asked}-b")])
        quote = json.loads(last["output"])
        answer = (
            f"Your order {question.order_id} has shipped with DPD and should arrive soon. Sending a "
            f"{question.weight_kg} kg part to {question.destination} costs {quote['standard_eur']} EUR standard "
            f"or {quote['express_eur']} EUR express. Shall I book one?"
        )
        return Reply([text_item(answer)])

    return respond


@dataclass
class Turn:
    """What one turn cost."""

    calls: int
    cost: float
    prompt_tokens: int
    cached_tokens: int


def run_conversation(turns: int, *, cached: bool) -> list[Turn]:
    """Run the conversation against a fresh emulator; return each turn's calls, cost and tokens."""
    asked = questions(turns)
    with Emulator(responder=scripted_agent(asked)) as emulator:
        settings: dict[str, Any] = {"cache_control": {"type": "ephemeral"}} if cached else {}
        llm = ChatOpenRouterResponses(
            model=MODEL, base_url=emulator.base_url, api_key=emulator.api_key, max_retries=0, **settings
        )
        agent = create_agent(llm, tools=[order_status, shipping_quote], system_prompt=system_prompt())
        history: list[AnyMessage] = []
        results: list[Turn] = []
        for question in asked:
            with get_openrouter_callback() as cb:
                state = agent.invoke({"messages": [*history, HumanMessage(question.text())]})
            history = state["messages"]
            results.append(Turn(cb.successful_requests, cb.total_cost, cb.prompt_tokens, cb.cached_tokens))
    return results


def table(uncached: list[Turn], cached: list[Turn]) -> list[str]:
    """The Markdown table: one row per turn, then the totals."""
    lines = [
        "| turn | model calls | uncached ($) | cached ($) | cached tokens / prompt tokens | cached / uncached |",
        "|---|---|---|---|---|---|",
    ]
    for number, (plain, warm) in enumerate(zip(uncached, cached, strict=True), start=1):
        lines.append(
            f"| {number} | {warm.calls} | {plain.cost:.4f} | {warm.cost:.4f} | "
            f"{warm.cached_tokens:,} / {warm.prompt_tokens:,} | {warm.cost / plain.cost:.2f}x |"
        )
    total_plain, total_warm = sum(t.cost for t in uncached), sum(t.cost for t in cached)
    cached_tokens, prompt_tokens = sum(t.cached_tokens for t in cached), sum(t.prompt_tokens for t in cached)
    lines.append(
        f"| **total** | {sum(t.calls for t in cached)} | {total_plain:.4f} | {total_warm:.4f} | "
        f"{cached_tokens:,} / {prompt_tokens:,} | {total_warm / total_plain:.2f}x |"
    )
    return lines


def summary(uncached: list[Turn], cached: list[Turn]) -> str:
    """The last line: the ratio, both totals and what was run."""
    total_plain, total_warm = sum(t.cost for t in uncached), sum(t.cost for t in cached)
    calls = sum(t.calls for t in cached)
    return (
        f"agent cost: cached/uncached {total_warm / total_plain:.2f}x (uncached ${total_plain:.4f}, cached "
        f"${total_warm:.4f}; {len(cached)} turns, {calls} model calls each run, {MODEL} in the emulator)"
    )


def write_chart(path: Path, uncached: list[Turn], cached: list[Turn]) -> bool:
    """Draw the cumulative cost per turn of both runs; return False when matplotlib is missing."""
    if importlib.util.find_spec("matplotlib") is None:
        return False
    import matplotlib as mpl  # noqa: PLC0415 - optional dependency

    mpl.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415 - after choosing the Agg backend

    figure, axes = plt.subplots(figsize=(8, 4.2))
    turns = range(1, len(cached) + 1)
    for label, run, style in (("without caching", uncached, "o-"), ("cache_control (top level)", cached, "s-")):
        running, totals = 0.0, []
        for turn in run:
            running += turn.cost
            totals.append(running)
        axes.plot(turns, totals, style, label=label, markersize=4)
    axes.set_xlabel("turn (3 model calls each)")
    axes.set_ylabel("cumulative cost (USD)")
    axes.set_title(f"A 20-turn create_agent conversation on {MODEL} (emulator, OpenRouter prices)", fontsize=10)
    axes.set_xticks(list(turns))
    axes.grid(alpha=0.3)
    axes.legend(loc="upper left")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return True


def main(argv: list[str] | None = None) -> None:
    """Run both conversations and print the table and the summary line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.agent_cost")
    parser.add_argument("--turns", type=int, default=20, help="questions in the conversation")
    parser.add_argument("--chart", type=Path, help="also draw the cumulative cost per turn into this PNG")
    args = parser.parse_args(argv)
    uncached = run_conversation(args.turns, cached=False)
    cached = run_conversation(args.turns, cached=True)
    print("\n".join(table(uncached, cached)))
    if args.chart is not None and not write_chart(args.chart, uncached, cached):
        print("(no chart: matplotlib is not installed; uv run --group bench ...)")
    print(summary(uncached, cached))


if __name__ == "__main__":
    main()
