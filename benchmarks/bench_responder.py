"""Benchmark replies chosen by the prompt, for a server in another process.

With `--responder benchmarks.bench_responder:bench_reply` the emulator answers a last user message of the form
`bench <kind> <n>` with a reply of a known size, so a benchmark needs no queue:

- `bench text <n>`: one message streamed in exactly `n` text deltas;
- `bench reasoning <n>`: `n // 2` reasoning-text deltas, then the rest as text deltas;
- `bench short <n>`: a short answer of about 20 tokens (`n` is ignored).

Any other prompt gets the emulator's default answer.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from langchain_openrouter_responses.emulator.model.prompt import last_user_text
from langchain_openrouter_responses.emulator.replies.items import reasoning_item, text_item
from langchain_openrouter_responses.emulator.replies.scripted import Reply

PROMPT = re.compile(r"\s*bench\s+(text|reasoning|short)\s+(\d+)\s*", re.IGNORECASE)
DELTA_SIZE = 4
SHORT_ANSWER = "The quick brown fox jumps over the lazy dog, then naps in the warm afternoon sun by the river."
WORDS = ("the ", "fox ", "ran ", "far ", "and ", "fast", ", so", " it ", "won.", " Ok ")


def bench_text(deltas: int) -> str:
    """Return text that streams in exactly `deltas` deltas of `DELTA_SIZE` characters."""
    return "".join(itertools.islice(itertools.cycle(WORDS), deltas))


def bench_reply(body: dict[str, Any], model: str) -> Reply | None:  # noqa: ARG001 - responder signature
    """Return the benchmark reply asked for by the last user message, or None.

    Args:
        body: The parsed request.
        model: The routed model (unused: benchmark replies look the same for every model).

    Returns:
        A reply of the requested size, or None to fall back to the default answer.
    """
    found = PROMPT.fullmatch(last_user_text(body.get("input")))
    if found is None:
        return None
    kind, count = found.group(1).lower(), int(found.group(2))
    if kind == "short":
        return Reply([text_item(SHORT_ANSWER)], delta_size=DELTA_SIZE)
    if kind == "text":
        return Reply([text_item(bench_text(count))], delta_size=DELTA_SIZE)
    thinking = count // 2
    items = [reasoning_item(text=bench_text(thinking)), text_item(bench_text(count - thinking))]
    return Reply(items, delta_size=DELTA_SIZE)
