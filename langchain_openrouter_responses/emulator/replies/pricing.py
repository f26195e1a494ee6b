"""What a model's tokens cost, as OpenRouter bills them.

Prices come from the bundled price list (`data/prices.json`, USD per million tokens), by base
model id; a model it does not list costs $1 per million tokens in and out, with cache reads at a
tenth. Tokens read from the prompt cache cost the cache-read price, tokens written to it the
cache-write price (Anthropic: 1.25x the input price, 2x for a one-hour `ttl`; providers with no
write premium: the input price), the rest of the input the input price. Reasoning tokens are
output tokens and cost the output price. Every figure is rounded to the nano-dollar, and `cost`
is exactly the input cost plus the output cost.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from typing import Any

PER_MILLION = Decimal(1_000_000)
NANO = Decimal("0.000000001")
ONE_HOUR_WRITE_RATIO = Decimal(2)


@dataclass(frozen=True)
class Price:
    """USD per token of one model."""

    input: Decimal
    output: Decimal
    cache_read: Decimal
    cache_write: Decimal
    """The five-minute write price."""

    def write_price(self, ttl: str | None) -> Decimal:
        """The write price for entries kept for `ttl`: "1h" costs twice the input price where writes cost extra."""
        if ttl == "1h" and self.cache_write > self.input:
            return self.input * ONE_HOUR_WRITE_RATIO
        return self.cache_write


DEFAULT_PRICE = Price(
    input=Decimal("0.000001"),
    output=Decimal("0.000001"),
    cache_read=Decimal("0.0000001"),
    cache_write=Decimal("0.000001"),
)


@functools.cache
def listed_prices() -> dict[str, Price]:
    """Return the bundled price list, by model id."""
    text = resources.files("langchain_openrouter_responses.data").joinpath("prices.json").read_text("utf-8")
    rows: dict[str, dict[str, Any]] = json.loads(text)["models"]
    return {model: _price(row) for model, row in rows.items()}


def _price(row: dict[str, Any]) -> Price:
    def per_token(value: Any) -> Decimal:
        return Decimal(str(value)) / PER_MILLION

    input_price = per_token(row["input"])
    write = row.get("cache_write")
    return Price(
        input=input_price,
        output=per_token(row["output"]),
        cache_read=per_token(row["cache_read"]),
        cache_write=input_price if write is None else per_token(write),
    )


def price_of(model: str) -> Price:
    """Return the price of `model` (its `:variant` and `~` alias marker ignored), else the default."""
    base = model.removeprefix("~").split(":", 1)[0]
    return listed_prices().get(base, DEFAULT_PRICE)


@dataclass(frozen=True)
class Bill:
    """The input and output cost of one response, in USD, rounded to the nano-dollar."""

    input_cost: Decimal
    output_cost: Decimal

    @property
    def cost(self) -> Decimal:
        """The whole cost: input plus output."""
        return self.input_cost + self.output_cost


def bill(
    price: Price, *, input_tokens: int, cache_read: int, cache_write: int, output_tokens: int, ttl: str | None = None
) -> Bill:
    """Price one response's tokens.

    Args:
        price: The served model's price.
        input_tokens: All prompt tokens (cache reads and writes included).
        cache_read: Prompt tokens read from the cache.
        cache_write: Prompt tokens written to the cache.
        output_tokens: All output tokens (reasoning included).
        ttl: The cache entries' lifetime ("5m" or "1h"; None: five minutes).

    Returns:
        The input and output cost.
    """
    uncached = input_tokens - cache_read - cache_write
    input_cost = uncached * price.input + cache_read * price.cache_read + cache_write * price.write_price(ttl)
    return Bill(input_cost.quantize(NANO), (output_tokens * price.output).quantize(NANO))


def write_ttl(request: dict[str, Any]) -> str | None:
    """Return "1h" when the top-level `cache_control` or one on an input part asks for one-hour entries, else None."""
    return "1h" if _asks_one_hour(request.get("cache_control")) or _asks_one_hour(request.get("input")) else None


def _asks_one_hour(value: Any) -> bool:
    if isinstance(value, list):
        return any(_asks_one_hour(element) for element in value)
    if not isinstance(value, dict):
        return False
    if value.get("ttl") == "1h" and value.get("type") == "ephemeral":
        return True
    return _asks_one_hour(value.get("cache_control")) or _asks_one_hour(value.get("content"))


def per_token_text(amount: Decimal) -> str:
    """A per-token price as OpenRouter's model list writes it (a plain decimal string)."""
    return f"{amount.normalize():f}"
