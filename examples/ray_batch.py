"""Batch prompts on Ray Data: one ChatOpenRouterResponses per actor, `abatch` per block of rows.

Reads a JSONL file of `{"id": ..., "prompt": ...}` lines, answers every prompt, and writes the
results (id, served model, text, cost, error) as JSONL files into an output folder:

    uv run --group ray python examples/ray_batch.py prompts.jsonl results/

Without OPENROUTER_API_KEY it starts the bundled emulator and answers offline. Ray runs locally
here (`ray.init()`); on a cluster, point `ray.init(address=...)` at it and give every worker the
key through its environment (`runtime_env={"env_vars": {...}}`). OpenRouter's rate limits are per
key: the actors share them, so more actors than the key allows only means more 429s. With the
package's `aiohttp` extra installed (the dev group has it), `abatch` runs on the SDK's aiohttp
client, which is far faster with many calls in flight; nothing here needs to ask for it.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

import ray

from langchain_openrouter_responses import ChatOpenRouterResponses

MODEL = "openai/gpt-4o-mini"


class Answerer:
    """A Ray Data actor: builds its model once, then answers each block of rows with `abatch`."""

    def __init__(self) -> None:
        """Build the model from the worker's environment (key and base URL)."""
        self.llm = ChatOpenRouterResponses(model=MODEL, max_retries=3)

    def __call__(self, rows: dict[str, Any]) -> dict[str, list[Any]]:
        """Answer one block of rows (columns `id` and `prompt`)."""
        prompts = [str(prompt) for prompt in rows["prompt"]]
        replies = asyncio.run(self.llm.abatch(prompts, return_exceptions=True))
        results: dict[str, list[Any]] = {"id": [], "model": [], "text": [], "cost": [], "error": []}
        for row_id, reply in zip(rows["id"], replies, strict=True):
            failed = isinstance(reply, Exception)
            results["id"].append(row_id)
            results["model"].append(None if failed else reply.response_metadata.get("model_name"))
            results["text"].append(None if failed else reply.text)
            results["cost"].append(None if failed else reply.response_metadata.get("cost"))
            results["error"].append(f"{type(reply).__name__}: {reply}" if failed else None)
        return results


def run(source: str, target: str) -> int:
    """Answer every line of `source` and write the results into the folder `target`."""
    dataset = ray.data.read_json(source)
    answered = dataset.map_batches(Answerer, batch_size=16, concurrency=1).materialize()  # ask once
    answered.write_json(target)
    return answered.count()


def main(source: str, target: str) -> None:
    """Start Ray (and the emulator when there is no key), run the job, shut down."""
    emulator = None
    if not os.environ.get("OPENROUTER_API_KEY"):
        from langchain_openrouter_responses.emulator import Emulator  # noqa: PLC0415

        emulator = Emulator().start()
        os.environ.update(OPENROUTER_API_KEY=emulator.api_key or "", OPENROUTER_BASE_URL=emulator.base_url)
    env = {name: os.environ[name] for name in ("OPENROUTER_API_KEY", "OPENROUTER_BASE_URL") if name in os.environ}
    ray.init(num_cpus=2, include_dashboard=False, runtime_env={"env_vars": env}, log_to_driver=False)
    try:
        print(f"answered {run(source, target)} prompts into {target}")
    finally:
        ray.shutdown()
        if emulator is not None:
            emulator.stop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
