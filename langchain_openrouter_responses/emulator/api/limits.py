"""Size limits a real model has: its context length and the request's `max_output_tokens`.

Tokens are counted as the emulator's usage counts them (whitespace-separated words of the
text-bearing fields), so a truncated reply reports at most `max_output_tokens` output tokens.
"""

from __future__ import annotations

import re
from typing import Any

from langchain_openrouter_responses.emulator.replies.outcome import Outcome, json_outcome
from langchain_openrouter_responses.emulator.replies.usage import input_token_count, words

Item = dict[str, Any]
WORD = re.compile(r"\S+")


def context_overflow(body: dict[str, Any], profile: dict[str, Any] | None) -> Outcome | None:
    """Return the 400 for a prompt longer than the model's context, or None when it fits.

    Args:
        body: The validated request.
        profile: The served model's profile (None: no known limit).

    Returns:
        The error outcome, or None.
    """
    limit = (profile or {}).get("max_input_tokens")
    if not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0:
        return None
    requested = input_token_count(body)
    if requested <= limit:
        return None
    message = (
        f"This endpoint's maximum context length is {limit} tokens. However, you requested about "
        f"{requested} tokens ({requested} of text input). Please reduce the length of the input."
    )
    error = {"code": "invalid_prompt", "message": message, "metadata": {"error_type": "context_length_exceeded"}}
    return json_outcome(400, {"error": error}, label="context length exceeded")


def cap_output(output: list[Item], limit: int) -> tuple[list[Item], bool]:
    """Cut `output` to at most `limit` tokens, as a model stopped by `max_output_tokens` would.

    Text (reasoning first, then the answer) is cut at a word boundary; a function call that no
    longer fits is dropped, since its arguments would not be valid JSON.

    Args:
        output: The full output items, in order.
        limit: The `max_output_tokens` of the request.

    Returns:
        The kept items and whether anything was cut.
    """
    kept: list[Item] = []
    budget = limit
    for item in output:
        size = words(item)
        if size <= budget:
            kept.append(item)
            budget -= size
            continue
        cut = _cut_item(item, budget)
        if cut is not None:
            kept.append(cut)
        return kept, True
    return kept, False


def _cut_item(item: Item, budget: int) -> Item | None:
    kind = item.get("type")
    if kind == "message":
        content = [_cut_part(part, budget) for part in (item.get("content") or [])[:1]]
        return {**item, "status": "incomplete", "content": content}
    if kind == "reasoning" and budget > 0:
        cut = dict(item)
        for key in ("content", "summary"):
            if item.get(key):
                first = item[key][0]
                cut[key] = [{**first, "text": first_words(str(first.get("text", "")), budget)}]
                budget -= words(cut[key])
        return cut
    return None


def _cut_part(part: Item, budget: int) -> Item:
    key = "refusal" if part.get("type") == "refusal" else "text"
    return {**part, key: first_words(str(part.get(key, "")), budget)}


def first_words(text: str, count: int) -> str:
    """Return `text` up to the end of its `count`-th word (spacing kept)."""
    if count <= 0:
        return ""
    end = 0
    for number, found in enumerate(WORD.finditer(text), start=1):
        end = found.end()
        if number == count:
            break
    return text[:end]
