"""Benchmark replies chosen by the prompt, for a server in another process.

With `--responder benchmarks.bench_responder:bench_reply` the emulator answers a last user message of the form
`bench <kind> <n>` with a reply of a known size, so a benchmark needs no queue:

- `bench text <n>`: one message streamed in exactly `n` text deltas;
- `bench reasoning <n>`: `n // 2` reasoning-text deltas, then the rest as text deltas;
- `bench short <n>`: a short answer of about 20 tokens (`n` is ignored);
- `bench prerendered <n>`: the same bytes as `bench text <n>`, rendered once and then served from
  memory, so the server's render time stays out of a client's measurement.

Any other prompt gets the emulator's default answer.
"""

from __future__ import annotations

import atexit
import functools
import itertools
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from langchain_openrouter_responses.emulator.model.prompt import last_user_text
from langchain_openrouter_responses.emulator.replies.envelope import ResponseMeta
from langchain_openrouter_responses.emulator.replies.items import reasoning_item, text_item
from langchain_openrouter_responses.emulator.replies.render import render_reply
from langchain_openrouter_responses.emulator.replies.scripted import FixtureReply, Reply

PROMPT = re.compile(r"\s*bench\s+(text|reasoning|short|prerendered)\s+(\d+)\s*", re.IGNORECASE)
DELTA_SIZE = 4
SHORT_ANSWER = "The quick brown fox jumps over the lazy dog, then naps in the warm afternoon sun by the river."
WORDS = ("the ", "fox ", "ran ", "far ", "and ", "fast", ", so", " it ", "won.", " Ok ")


def bench_text(deltas: int) -> str:
    """Return text that streams in exactly `deltas` deltas of `DELTA_SIZE` characters."""
    return "".join(itertools.islice(itertools.cycle(WORDS), deltas))


def bench_reply(body: dict[str, Any], model: str) -> Reply | FixtureReply | None:  # noqa: ARG001 - responder signature
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
    if kind == "prerendered":
        return prerendered(count)
    if kind == "short":
        return Reply([text_item(SHORT_ANSWER)], delta_size=DELTA_SIZE)
    if kind == "text":
        return Reply([text_item(bench_text(count))], delta_size=DELTA_SIZE)
    thinking = count // 2
    items = [reasoning_item(text=bench_text(thinking)), text_item(bench_text(count - thinking))]
    return Reply(items, delta_size=DELTA_SIZE)


@functools.cache
def prerendered(deltas: int) -> FixtureReply:
    """Return a text stream of `deltas` deltas rendered once, served byte for byte afterwards."""
    reply = Reply([text_item(bench_text(deltas))], delta_size=DELTA_SIZE)
    request = {"model": "openai/gpt-4o-mini", "input": f"bench prerendered {deltas}", "stream": True}
    meta = ResponseMeta(request, "openai/gpt-4o-mini", "gen-1700000000-prerenderedprerender", 1_700_000_000)
    outcome = render_reply(reply, meta, stream=True)
    folder = Path(tempfile.mkdtemp(prefix="bench-prerendered-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    name = f"text-{deltas}"
    (folder / f"{name}.sse").write_bytes(b"".join(outcome.chunks or ()))
    return FixtureReply(name, directory=folder)
