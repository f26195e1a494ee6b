"""Run many prompts through one chat model: bounded concurrency, retries, a shared rate-limit back-off.

It uses only the public package (`ChatOpenRouterResponses`, the typed errors and their
`retry_after`, `with_structured_output`), so it sits above the model. The model's own retries are
switched off for the requests the runner sends: the runner retries itself (up to the model's
`max_retries` for server and network errors, up to `rate_limit_retries` for rate limits), so it
can count attempts and slow the whole batch down when OpenRouter says so.
"""

from __future__ import annotations

import asyncio
import difflib
import json
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from langchain_core.messages import AIMessage

from langchain_openrouter_responses import (
    ChatOpenRouterResponses,
    OpenRouterBudgetExceededError,
    OpenRouterConflictError,
    OpenRouterConnectionError,
    OpenRouterError,
    OpenRouterRateLimitError,
    OpenRouterRequestTimeoutError,
    OpenRouterResponseRateLimitError,
    OpenRouterServerError,
    OpenRouterTimeoutError,
)
from langchain_openrouter_responses.batch.limiter import FleetLimiter
from langchain_openrouter_responses.batch.records import (
    BatchInputError,
    BatchPrompt,
    answer_record,
    error_record,
    tokens_of,
)

DEFAULT_CONCURRENCY = 16
DEFAULT_RATE_LIMIT_RETRIES = 8
_TRANSIENT = (
    OpenRouterServerError,
    OpenRouterConnectionError,
    OpenRouterTimeoutError,
    OpenRouterRequestTimeoutError,
    OpenRouterConflictError,
)
_RATE_LIMITS = (OpenRouterRateLimitError, OpenRouterResponseRateLimitError)
# Settings a line's `options` may not change: where requests go and with which key stay the runner's.
_ENDPOINT_FIELDS = frozenset(
    {"openrouter_api_key", "base_url", "allow_insecure_base_url", "http_client", "http_async_client", "default_headers"}
)
Sink = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass
class BatchSummary:
    """What a batch did so far (live while it runs).

    Attributes:
        total: Prompts this run is to answer (skipped ones excluded).
        answered: Prompts answered.
        failed: Prompts recorded with an `error`.
        skipped: Prompts already answered in the output (resuming).
        not_started: Prompts left when the run stopped early.
        earlier_failures: Prompts that failed in an earlier run and were not retried.
        input_tokens: Input tokens of this run.
        output_tokens: Output tokens of this run.
        reasoning_tokens: Reasoning tokens of this run (part of the output tokens).
        cost: OpenRouter-reported cost of this run, in USD credits.
        requests: Requests sent.
        rate_limited: Rate-limit responses (each slowed the whole run down).
        lowest_concurrency: The lowest request concurrency the back-off reached.
        wall_time: Seconds since the run started.
        stopped: Why the run stopped early: None, `"max_cost"`, `"stopped"` or `"cancelled"`.
    """

    total: int = 0
    answered: int = 0
    failed: int = 0
    skipped: int = 0
    not_started: int = 0
    earlier_failures: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    reasoning_tokens: int = 0
    cost: float = 0.0
    requests: int = 0
    rate_limited: int = 0
    lowest_concurrency: int = 0
    wall_time: float = 0.0
    stopped: str | None = None
    _started: float = field(default_factory=time.monotonic, repr=False)

    @property
    def done(self) -> int:
        """Prompts recorded in this run (answered or failed)."""
        return self.answered + self.failed

    def as_dict(self) -> dict[str, Any]:
        """Return the summary as a JSON-ready dict."""
        summary = asdict(self)
        del summary["_started"]
        summary["cost"] = round(self.cost, 10)
        summary["wall_time"] = round(self.wall_time, 3)
        return summary

    def line(self) -> str:
        """Describe the summary in one line."""
        parts = [f"{self.answered} answered", f"{self.failed} failed", f"{self.skipped} skipped (already done)"]
        if self.not_started:
            parts.append(f"{self.not_started} not started")
        tokens = f"{self.input_tokens} in, {self.output_tokens} out ({self.reasoning_tokens} reasoning) tokens"
        parts += [tokens, f"cost ${self.cost:.6f}"]
        if self.rate_limited:
            parts.append(f"rate-limited {self.rate_limited}x (concurrency down to {self.lowest_concurrency})")
        parts.append(f"{self.wall_time:.1f} s")
        return "[batch: " + ", ".join(parts) + "]"


class BatchRunner:
    """Answers prompts concurrently with one chat model; results arrive in completion order.

    Example:
        ```python
        runner = BatchRunner(ChatOpenRouterResponses(model="openai/gpt-oss-20b"), concurrency=32)
        async for result in runner.results(read_prompts("in.jsonl")):
            print(result["id"], result.get("text"), result.get("error"))
        print(runner.summary.line())
        ```
    """

    def __init__(
        self,
        llm: ChatOpenRouterResponses,
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        max_cost: float | None = None,
        schema: Any = None,
        rate_limit_retries: int = DEFAULT_RATE_LIMIT_RETRIES,
        on_result: Callable[[dict[str, Any], BatchSummary], None] | None = None,
        on_start: Callable[[BatchSummary], None] | None = None,
    ) -> None:
        """Configure a run.

        Args:
            llm: The model; a prompt's `model` and `options` make a copy with those settings.
            concurrency: Prompts in progress at once (and the most requests on the wire).
            max_cost: Start no new prompt once this run's reported cost reaches this (USD).
            schema: Structured output (anything `with_structured_output` takes); the parsed
                object becomes the record's `output`.
            rate_limit_retries: Retries of a prompt that keeps being rate limited.
            on_result: Called with each record and the summary, after the record is written.
            on_start: Called with the summary once the prompts to answer are counted.
        """
        self.llm = llm
        self.max_cost = max_cost
        self.schema = schema
        self.rate_limit_retries = rate_limit_retries
        self.on_result = on_result
        self.on_start = on_start
        self.limiter = FleetLimiter(concurrency)
        self.summary = BatchSummary(lowest_concurrency=concurrency)
        self._models: dict[str, Any] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._cancelled = 0
        """Prompts started but not recorded (cancelled, or refused by a cost cap): asked again on resume."""

    def stop(self, reason: str = "stopped") -> None:
        """Start no new prompts; those in progress finish and are recorded."""
        if self.summary.stopped is None:
            self.summary.stopped = reason
        self.limiter.close()

    def cancel(self) -> None:
        """Stop, and cancel the prompts in progress (they are not recorded, so a resumed run asks them again)."""
        self.stop()
        self.summary.stopped = "cancelled"
        for task in list(self._tasks):
            task.cancel()

    async def results(self, prompts: Iterable[BatchPrompt], sink: Sink | None = None) -> AsyncIterator[dict[str, Any]]:
        """Answer `prompts`, yielding one record per prompt as it completes.

        Args:
            prompts: The prompts (ids unique).
            sink: Awaited with each record before its concurrency slot is given back (the
                file writer uses it to make each line durable first).

        Yields:
            One record per answered or failed prompt (see `answer_record` / `error_record`).
        """
        pending = list(prompts)
        self.summary.total += len(pending)
        if self.on_start is not None:
            self.on_start(self.summary)
        queue: asyncio.Queue[Any] = asyncio.Queue()
        feeder = asyncio.create_task(self._feed(pending, queue, sink))
        try:
            while (item := await queue.get()) is not _DONE:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            if not feeder.done():
                self.cancel()
                feeder.cancel()
            await asyncio.gather(feeder, *self._tasks, return_exceptions=True)
            self.summary.wall_time = time.monotonic() - self.summary._started  # noqa: SLF001

    async def _feed(self, prompts: list[BatchPrompt], queue: asyncio.Queue[Any], sink: Sink | None) -> None:
        started = 0
        try:
            for prompt in prompts:
                if self._over_budget() or not await self.limiter.admit():
                    break
                if self._over_budget():
                    self.limiter.finish()
                    break
                task = asyncio.create_task(self._one(prompt, queue, sink))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
                started += 1
            while self._tasks:
                await asyncio.wait(set(self._tasks))
        finally:
            self.summary.not_started += len(prompts) - started + self._cancelled
            queue.put_nowait(_DONE)

    def _over_budget(self) -> bool:
        if self.max_cost is not None and self.summary.cost >= self.max_cost:
            self.stop("max_cost")
            return True
        return False

    async def _one(self, prompt: BatchPrompt, queue: asyncio.Queue[Any], sink: Sink | None) -> None:
        try:
            record = await self._answer(prompt)
            if record is None:  # refused by a cost cap before anything was sent
                self._cancelled += 1
                return
            self._account(record)
            if sink is not None:
                await sink(record)
        except asyncio.CancelledError:
            self._cancelled += 1
            raise
        except Exception as error:  # the sink failed (e.g. the disk is full): stop the whole run  # noqa: BLE001
            self.stop()
            queue.put_nowait(error)
            return
        finally:
            self.limiter.finish()
        if self.on_result is not None:
            self.on_result(record, self.summary)
        queue.put_nowait(record)

    def _account(self, record: dict[str, Any]) -> None:
        summary = self.summary
        if "error" in record:
            summary.failed += 1
        else:
            summary.answered += 1
        tokens_in, tokens_out, reasoning = tokens_of(record)
        summary.input_tokens += tokens_in
        summary.output_tokens += tokens_out
        summary.reasoning_tokens += reasoning
        cost = record.get("cost")
        if isinstance(cost, int | float):
            summary.cost += cost
        if self.max_cost is not None and summary.cost >= self.max_cost:
            self.stop("max_cost")

    async def _answer(self, prompt: BatchPrompt) -> dict[str, Any] | None:  # noqa: C901, PLR0911  # one branch per outcome
        attempts = 0
        try:
            runnable = self._runnable(prompt)
        except (ValueError, TypeError) as error:  # bad per-line options
            return error_record(prompt.id, error, attempts)
        limiter, retries, rate_retries = self.limiter, 0, 0
        while True:
            await limiter.acquire()
            attempts += 1
            self.summary.requests += 1
            ok = False
            try:
                message, output, parsing_error = await self._call(runnable, prompt)
                ok = True
            except _RATE_LIMITS as error:
                delay = error.retry_after if error.retry_after is not None else min(30.0, 2.0**rate_retries)
                limiter.throttled(delay)
                self.summary.rate_limited = limiter.rate_limited
                self.summary.lowest_concurrency = limiter.lowest
                if rate_retries >= self.rate_limit_retries or not _retryable(error):
                    return error_record(prompt.id, error, attempts)
                rate_retries += 1
            except _TRANSIENT as error:
                if retries >= self._max_retries() or not _retryable(error):
                    return error_record(prompt.id, error, attempts)
                retries += 1
                await asyncio.sleep(_backoff(error, retries))
            except OpenRouterBudgetExceededError:
                # A get_openrouter_callback(max_cost=...) around the run: nothing was sent, so the
                # prompt is left for a resumed run and the run stops as at its own max_cost.
                self.summary.requests -= 1
                self.stop("max_cost")
                return None
            except Exception as error:  # noqa: BLE001 - any other failure is this prompt's, recorded as such
                return error_record(prompt.id, error, attempts)
            finally:
                limiter.release(ok=ok)
            if ok:
                if parsing_error is not None:
                    return error_record(prompt.id, parsing_error, attempts, message)
                return answer_record(prompt.id, message, attempts, output)

    def _max_retries(self) -> int:
        return int(self.llm.max_retries)

    async def _call(self, runnable: Any, prompt: BatchPrompt) -> tuple[AIMessage, Any, BaseException | None]:
        if self.schema is None:
            message = await runnable.ainvoke(prompt.messages)
            return message, None, None
        result = await runnable.ainvoke(prompt.messages)
        return result["raw"], result["parsed"], result["parsing_error"]

    def check(self, prompts: Iterable[BatchPrompt], source: str = "<input>") -> None:
        """Build each line's model once, so a bad `model` or `options` fails before any request is sent.

        Args:
            prompts: The prompts to check.
            source: The input's name for the message (its lines are the prompts' `line`).

        Raises:
            BatchInputError: The first bad line, e.g. `in.jsonl:3: 'options' cannot set 'temprature';
                did you mean 'temperature'?`.
        """
        for prompt in prompts:
            try:
                self._runnable(prompt)
            except (ValueError, TypeError) as error:
                where = f"{source}:{prompt.line}" if prompt.line is not None else f"{source}: id {prompt.id!r}"
                raise BatchInputError(f"{where}: {setting_problem(error)}") from None

    def _runnable(self, prompt: BatchPrompt) -> Any:
        overrides = dict(prompt.options)
        if prompt.model is not None:
            overrides["model_name"] = prompt.model
        key = json.dumps(overrides, sort_keys=True, default=str)
        runnable = self._models.get(key)
        if runnable is None:
            llm = self._model(overrides)
            runnable = llm if self.schema is None else llm.with_structured_output(self.schema, include_raw=True)
            self._models[key] = runnable
        return runnable

    def _model(self, overrides: dict[str, Any]) -> ChatOpenRouterResponses:
        """A copy of the runner's model with `overrides`, and without the SDK's own retries."""
        fields = type(self.llm).model_fields
        names = {alias: name for name, info in fields.items() if (alias := info.alias)}
        settings = {name: getattr(self.llm, name) for name in self.llm.model_fields_set}
        for key, value in overrides.items():
            name = names.get(key, key)
            if name not in fields or name in _ENDPOINT_FIELDS:
                settable = [option for option in (*fields, *names) if names.get(option, option) not in _ENDPOINT_FIELDS]
                close = difflib.get_close_matches(key, settable, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise ValueError(f"'options' cannot set {key!r}{hint}")
            settings[name] = value
        settings["max_retries"] = 0
        return type(self.llm)(**settings)


_DONE = object()


def setting_problem(error: Exception) -> str:
    """Say what is wrong with a model setting in one line, without pydantic's boilerplate.

    Args:
        error: A `ValueError` or `TypeError`, often a pydantic `ValidationError`.

    Returns:
        `where: what` for each problem, joined by `; `.
    """
    errors = getattr(error, "errors", None)
    if not callable(errors):
        return str(error)
    problems = []
    for item in errors():
        message = str(item.get("msg", "")).removeprefix("Value error, ")
        where = ".".join(str(part) for part in item.get("loc", ()))
        problems.append(f"{where}: {message}" if where and where not in message else message)
    return "; ".join(problems)


def _retryable(error: OpenRouterError) -> bool:
    availability = (getattr(error, "metadata", None) or {}).get("availability")
    return not (isinstance(availability, dict) and availability.get("retryable") is False)


def _backoff(error: OpenRouterError, retries: int) -> float:
    if error.retry_after is not None:
        return error.retry_after
    return float(min(8.0, 0.5 * 2 ** (retries - 1)) * (0.5 + random.random() / 2))  # noqa: S311 - jitter
