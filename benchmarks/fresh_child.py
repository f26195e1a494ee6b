"""Measurements that need a fresh interpreter, run as a child process; prints one number (seconds).

    python -m benchmarks.fresh_child cold CONTENDER URL           # import + construct + first answer
    python -m benchmarks.fresh_child stream CONTENDER URL DELTAS  # one pre-rendered stream, after a warm-up

CONTENDER is ours, ours-coalesced (``stream_chunk_coalesce=True``), limit, chatopenai or raw.
The pre-rendered stream is served from memory by the benchmark responder, so the server's render
time stays out of the number.
"""

from __future__ import annotations

import sys
import time
from typing import Any

API_KEY = "sk-or-emulator"
MODEL = "openai/gpt-4o-mini"


def build(name: str, url: str) -> Any:
    """Import the contender's package and construct it, as a user's first lines would."""
    if name in {"ours", "ours-coalesced"}:
        from langchain_openrouter_responses import ChatOpenRouterResponses  # noqa: PLC0415

        coalesce = name == "ours-coalesced"
        return ChatOpenRouterResponses(
            model=MODEL, base_url=url, api_key=API_KEY, max_retries=0, stream_chunk_coalesce=coalesce
        )
    if name == "chatopenai":
        from langchain_openai import ChatOpenAI  # noqa: PLC0415

        return ChatOpenAI(model=MODEL, base_url=url, api_key=API_KEY, use_responses_api=True, max_retries=0)  # type: ignore[arg-type]
    if name == "limit":
        from benchmarks.limit_model import LimitChatModel  # noqa: PLC0415

        return LimitChatModel(model=MODEL, base_url=url, api_key=API_KEY)
    import openai  # noqa: PLC0415

    return openai.OpenAI(base_url=url, api_key=API_KEY, max_retries=0)


def answer(client: Any, prompt: str) -> str:
    """Ask for a non-streaming answer and return its text."""
    if hasattr(client, "invoke"):
        return str(client.invoke(prompt).text)
    return str(client.responses.create(model=MODEL, input=prompt).output_text)


def consume(client: Any, prompt: str) -> str:
    """Exhaust a stream and return its text."""
    if hasattr(client, "stream"):
        return "".join(chunk.text for chunk in client.stream(prompt))
    events = client.responses.create(model=MODEL, input=prompt, stream=True)
    return "".join(event.delta for event in events if event.type == "response.output_text.delta")


def cold(name: str, url: str) -> float:
    """Seconds from before the import to the first answer's text."""
    start = time.perf_counter()
    text = answer(build(name, url), "bench short 0")
    elapsed = time.perf_counter() - start
    if not text:
        raise SystemExit(f"{name}: empty first answer")
    return elapsed


def stream(name: str, url: str, deltas: int) -> float:
    """Seconds to consume one pre-rendered stream of `deltas` deltas (after a 200-delta warm-up)."""
    from benchmarks.bench_responder import bench_text  # noqa: PLC0415

    client = build(name, url)
    consume(client, "bench prerendered 200")
    start = time.perf_counter()
    text = consume(client, f"bench prerendered {deltas}")
    elapsed = time.perf_counter() - start
    if text != bench_text(deltas):
        raise SystemExit(f"{name}: received {len(text)} characters of {len(bench_text(deltas))}")
    return elapsed


def main(argv: list[str]) -> int:
    """Run one measurement and print its seconds."""
    kind, name, url, *rest = argv
    seconds = cold(name, url) if kind == "cold" else stream(name, url, int(rest[0]))
    print(f"{seconds:.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
