"""Rough, deterministic token accounting in OpenRouter's `usage` shape."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

PRICE_PER_TOKEN = 0.000001
CACHED_PRICE_RATIO = 0.1
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


def compute_usage(request: dict[str, Any], output: list[dict[str, Any]], cached_tokens: int = 0) -> dict[str, Any]:
    """Return a usage object for `output` answering `request`.

    Args:
        request: The parsed request body.
        output: The final output items.
        cached_tokens: Prompt tokens read from the prompt cache (billed at a tenth).

    Returns:
        `usage` with tokens, `cost`, `is_byok` and `cost_details`.
    """
    input_tokens = input_token_count(request)
    cached_tokens = min(cached_tokens, input_tokens)
    reasoning = sum(words(item) for item in output if item.get("type") == "reasoning")
    visible = sum(words(item) for item in output if item.get("type") != "reasoning")
    output_tokens = visible + reasoning
    total = input_tokens + output_tokens
    input_cost = _price(input_tokens - cached_tokens) + _price(cached_tokens) * CACHED_PRICE_RATIO
    return {
        "input_tokens": input_tokens,
        "input_tokens_details": {"cached_tokens": cached_tokens},
        "output_tokens": output_tokens,
        "output_tokens_details": {"reasoning_tokens": reasoning},
        "total_tokens": total,
        "cost": round(input_cost + _price(output_tokens), 9),
        "is_byok": False,
        "cost_details": {
            "upstream_inference_cost": None,
            "upstream_inference_input_cost": round(input_cost, 9),
            "upstream_inference_output_cost": _price(output_tokens),
        },
    }


def _price(tokens: int) -> float:
    return round(tokens * PRICE_PER_TOKEN, 9)
