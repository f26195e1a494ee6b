"""Whole batches: an async iterator of results, and JSONL in → JSONL out with resume."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses.batch.files import JsonlAppender, OutputState
from langchain_openrouter_responses.batch.records import BatchPrompt, read_prompts
from langchain_openrouter_responses.batch.runner import BatchRunner, BatchSummary


async def abatch_results(
    llm: ChatOpenRouterResponses, prompts: Iterable[BatchPrompt | str], **options: Any
) -> AsyncIterator[dict[str, Any]]:
    """Answer prompts concurrently, yielding one result record per prompt as it completes.

    Args:
        llm: The model.
        prompts: `BatchPrompt`s, or plain strings (their ids are their positions, from 1).
        **options: `BatchRunner` settings: `concurrency`, `max_cost`, `schema`, `rate_limit_retries`.

    Yields:
        Result records (`id`, `model`, `text`, `usage`, `cost`, ... or `error`), in completion order.
    """
    items = [
        prompt if isinstance(prompt, BatchPrompt) else BatchPrompt.from_obj({"prompt": prompt}, default_id=number)
        for number, prompt in enumerate(prompts, 1)
    ]
    async for record in BatchRunner(llm, **options).results(items):
        yield record


async def arun_batch_file(
    runner: BatchRunner,
    source: str | Path,
    output: str | Path,
    *,
    system: str | None = None,
    retry_failed: bool = False,
    fsync: bool = True,
) -> BatchSummary:
    """Answer a JSONL file of prompts into a JSONL file of results, resuming where it stopped.

    Prompts whose id the output already answers are skipped (a torn last line is cut off first,
    and its prompt asked again); so are those it records as failed, unless `retry_failed`, which
    drops their records and asks them again. Each record is appended and fsynced before its
    prompt counts as done.

    Args:
        runner: The runner (its model, concurrency, cost cap and schema).
        source: The input JSONL (`id`, `prompt` or `messages`, `model`, `options`, `system`).
        output: The output JSONL (created if missing, appended to otherwise).
        system: The system prompt of lines that have none.
        retry_failed: Ask again the prompts the output records as failed.
        fsync: Sync the output to disk after each group of lines (False: flush only).

    Returns:
        The run's summary (also `runner.summary`).

    Raises:
        BatchInputError: A line that is not a prompt, or whose `model` or `options` the model
            rejects; nothing is sent then.
    """
    prompts = read_prompts(source, system=system)
    runner.check(prompts, str(source))
    state = OutputState.load(output)
    if retry_failed and state.failed:
        OutputState.drop_failed(output)
        state.failed.clear()
    done = state.answered | state.failed
    todo = [prompt for prompt in prompts if prompt.id not in done]
    runner.summary.skipped = len(prompts) - len(todo)
    runner.summary.earlier_failures = sum(1 for prompt in prompts if prompt.id in state.failed)
    appender = JsonlAppender(output, fsync=fsync)
    try:
        async for _ in runner.results(todo, sink=appender.append):
            pass
    finally:
        await appender.aclose()
    return runner.summary


def run_batch_file(
    llm: ChatOpenRouterResponses,
    source: str | Path,
    output: str | Path,
    *,
    system: str | None = None,
    retry_failed: bool = False,
    **options: Any,
) -> BatchSummary:
    """`arun_batch_file` for code without a running event loop (in a notebook, await that one).

    Args:
        llm: The model.
        source: The input JSONL.
        output: The output JSONL.
        system: The system prompt of lines that have none.
        retry_failed: Ask again the prompts the output records as failed.
        **options: `BatchRunner` settings: `concurrency`, `max_cost`, `schema`, `rate_limit_retries`,
            `on_result`.

    Returns:
        The run's summary.
    """
    runner = BatchRunner(llm, **options)
    return asyncio.run(arun_batch_file(runner, source, output, system=system, retry_failed=retry_failed))
