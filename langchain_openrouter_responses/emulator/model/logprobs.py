"""Token logprobs for the emulator's own answers, when the request sets `top_logprobs`.

Tokens are the answer's words with their trailing space; each gets a deterministic logprob and
`top_logprobs` alternatives (the token itself first), in OpenAI's `output_text.logprobs` shape.
"""

from __future__ import annotations

import re
from typing import Any

Item = dict[str, Any]
_TOKEN = re.compile(r"\S+\s*|\s+")


def with_logprobs(output: list[Item], top: int) -> list[Item]:
    """Return `output` with each `output_text` part's `logprobs` filled for `top` alternatives."""
    filled: list[Item] = []
    for item in output:
        if item.get("type") == "message":
            content = [
                {**part, "logprobs": token_logprobs(str(part.get("text", "")), top)}
                if part.get("type") == "output_text"
                else part
                for part in item.get("content") or []
            ]
            item = {**item, "content": content}  # noqa: PLW2901 - a filled copy replaces the item
        filled.append(item)
    return filled


def token_logprobs(text: str, top: int) -> list[dict[str, Any]]:
    """Return one logprob entry per token of `text`."""
    entries = []
    for position, token in enumerate(_TOKEN.findall(text)):
        logprob = -round(0.05 * (position % 5 + 1), 4)
        alternatives = [_entry(token, logprob)]
        alternatives += [_entry(f"{token.strip()}#{rank}", logprob - rank) for rank in range(1, top)]
        entries.append({**_entry(token, logprob), "top_logprobs": alternatives[:top]})
    return entries


def _entry(token: str, logprob: float) -> dict[str, Any]:
    return {"token": token, "logprob": logprob, "bytes": list(token.encode())}
