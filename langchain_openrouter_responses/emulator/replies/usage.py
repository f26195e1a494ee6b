"""Rough, deterministic token accounting in OpenRouter's `usage` shape."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from langchain_openrouter_responses.emulator.replies.pricing import DEFAULT_PRICE, bill, price_of, write_ttl

if TYPE_CHECKING:
    from collections.abc import Iterator

TEXT_KEYS = ("text", "content", "output", "arguments", "summary", "refusal")


def strings(value: Any) -> Iterator[str]:
    """Yield the human-readable strings inside a JSON value.

    Only text-bearing keys are followed (`text`, `content`, `output`, ...), so
    ids, signatures and encrypted blobs do not count as words.
    """
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for element in value:
            yield from strings(element)
    elif isinstance(value, dict):
        for key in TEXT_KEYS:
            yield from strings(value.get(key))


def words(value: Any) -> int:
    """Return the number of whitespace-separated words in `value`'s strings."""
    return sum(len(text.split()) for text in strings(value))


def input_token_count(request: dict[str, Any]) -> int:
    """Return the prompt's token count: the words of `instructions` and `input` (at least 1)."""
    return max(1, words(request.get("input")) + words(request.get("instructions")))


def compute_usage(
    request: dict[str, Any],
    output: list[dict[str, Any]],
    cached_tokens: int = 0,
    *,
    cache_write_tokens: int = 0,
    model: str | None = None,
) -> dict[str, Any]:
    """Return a usage object for `output` answering `request`, priced as OpenRouter bills `model`.

    Args:
        request: The parsed request body.
        output: The final output items.
        cached_tokens: Prompt tokens read from the prompt cache.
        cache_write_tokens: Prompt tokens written to the prompt cache (reported when above 0).
        model: The served model, whose price applies (None: the default price).

    Returns:
        `usage` with tokens, `cost`, `is_byok` and `cost_details` (input cost + output cost = cost).
    """
    input_tokens = input_token_count(request)
    cached_tokens = min(cached_tokens, input_tokens)
    cache_write_tokens = min(cache_write_tokens, input_tokens - cached_tokens)
    reasoning = sum(words(item) for item in output if item.get("type") == "reasoning")
    visible = sum(words(item) for item in output if item.get("type") != "reasoning")
    output_tokens = visible + reasoning
    price = DEFAULT_PRICE if model is None else price_of(model)
    charged = bill(
        price,
        input_tokens=input_tokens,
        cache_read=cached_tokens,
        cache_write=cache_write_tokens,
        output_tokens=output_tokens,
        ttl=write_ttl(request) if cache_write_tokens else None,
    )
    input_details: dict[str, int] = {"cached_tokens": cached_tokens}
    if cache_write_tokens:
        input_details["cache_write_tokens"] = cache_write_tokens
    return {
        "input_tokens": input_tokens,
        "input_tokens_details": input_details,
        "output_tokens": output_tokens,
        "output_tokens_details": {"reasoning_tokens": reasoning},
        "total_tokens": input_tokens + output_tokens,
        "cost": float(charged.cost),
        "is_byok": False,
        "cost_details": {
            "upstream_inference_cost": None,
            "upstream_inference_input_cost": float(charged.input_cost),
            "upstream_inference_output_cost": float(charged.output_cost),
        },
    }
