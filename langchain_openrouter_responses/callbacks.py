"""What this package's calls cost, totalled per context, with an optional cap: `get_openrouter_callback()`.

Each open context is kept in a context variable (a tuple, innermost last). Threads started by
`batch` and asyncio tasks copy the context they start in, so they see the contexts open there;
a context opened inside one of them is seen by nothing outside it. The chat model calls
`check_caps()` before it sends a request and `record_call()` with the message of every call
that finished, and every open context counts that call.
"""

from __future__ import annotations

import threading
from contextvars import ContextVar, Token
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Self

from langchain_openrouter_responses._transport.errors import OpenRouterBudgetExceededError

if TYPE_CHECKING:
    from types import TracebackType

    from langchain_core.messages import BaseMessage

_OPEN: ContextVar[tuple[OpenRouterCallback, ...]] = ContextVar("openrouter_callbacks", default=())


@dataclass(frozen=True)
class UnpricedCall:
    """A call whose response reported no `usage.cost` (counted, but not priced).

    Attributes:
        response_id (str | None): The response's id (`gen-...`), if it had one.
        model (str | None): The model that served it.
    """

    response_id: str | None
    model: str | None


class OpenRouterCallback:
    """The running totals of the calls made inside one `get_openrouter_callback()` context.

    Every total is updated when a call finishes (a stream when its final chunk arrives), under a
    lock, so `batch` threads and asyncio tasks may add to one context at once.

    Attributes:
        max_cost (float | None): The cap in USD credits (None: no cap).
        successful_requests (int): Calls that returned a response (streams once, at their end).
        prompt_tokens (int): Input tokens, cached ones included.
        completion_tokens (int): Output tokens, reasoning included.
        total_tokens (int): Input plus output tokens.
        cached_tokens (int): Input tokens read from the provider's prompt cache.
        reasoning_tokens (int): Output tokens spent on reasoning.
        calls_without_cost (list[UnpricedCall]): The calls whose response carried no cost (not priced at zero).
    """

    def __init__(self, max_cost: float | None = None) -> None:
        """Start at zero.

        Args:
            max_cost: Refuse further calls once the total reaches this many USD credits.

        Raises:
            ValueError: `max_cost` is zero or negative.
        """
        if max_cost is not None and not max_cost > 0:
            raise ValueError(f"max_cost must be a positive amount of USD credits (or None for no cap), got {max_cost}.")
        self.max_cost = max_cost
        self.successful_requests = 0
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.total_tokens = 0
        self.cached_tokens = 0
        self.reasoning_tokens = 0
        self.calls_without_cost: list[UnpricedCall] = []
        self._cost = Decimal(0)
        self._by_model: dict[str, Decimal] = {}
        self._lock = threading.Lock()
        self._tokens: list[Token[tuple[OpenRouterCallback, ...]]] = []

    @property
    def total_cost(self) -> float:
        """The sum of OpenRouter's reported `usage.cost` of every counted call, in USD credits.

        Summed exactly (as decimals of the reported figures), then rounded once to a float.
        """
        with self._lock:
            return float(self._cost)

    @property
    def by_model(self) -> dict[str, float]:
        """Cost per served model (the response's `model`, which a fallback makes differ from the requested one)."""
        with self._lock:
            return {model: float(cost) for model, cost in self._by_model.items()}

    def __repr__(self) -> str:
        """Summarise the totals, like langchain's `get_openai_callback()` does."""
        return (
            f"Tokens Used: {self.total_tokens}\n"
            f"\tPrompt Tokens: {self.prompt_tokens}\n"
            f"\t\tPrompt Tokens Cached: {self.cached_tokens}\n"
            f"\tCompletion Tokens: {self.completion_tokens}\n"
            f"\t\tReasoning Tokens: {self.reasoning_tokens}\n"
            f"Successful Requests: {self.successful_requests}\n"
            f"Total Cost (USD): ${self.total_cost}\n"
            f"Calls Without Cost: {len(self.calls_without_cost)}"
        )

    def __enter__(self) -> Self:
        """Open the context: calls made inside it from now on are counted (and capped)."""
        self._tokens.append(_OPEN.set((*_OPEN.get(), self)))
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        """Close the context; the totals stay readable."""
        _OPEN.reset(self._tokens.pop())

    async def __aenter__(self) -> Self:
        """Open the context from async code (`async with`)."""
        return self.__enter__()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        """Close the context from async code."""
        self.__exit__(exc_type, exc, traceback)

    def check_cap(self) -> None:
        """Raise `OpenRouterBudgetExceededError` if the total has reached the cap.

        Raises:
            OpenRouterBudgetExceededError: `max_cost` is set and the total is equal to it or above.
        """
        if self.max_cost is None:
            return
        with self._lock:
            spent = self._cost
        if spent >= Decimal(repr(self.max_cost)):
            raise OpenRouterBudgetExceededError(float(spent), self.max_cost)

    def add(self, message: BaseMessage) -> None:
        """Count one finished call from its message's `usage_metadata` and `response_metadata`.

        Args:
            message: The call's `AIMessage` (or a stream's final chunk).
        """
        usage: dict[str, Any] = dict(getattr(message, "usage_metadata", None) or {})
        metadata = message.response_metadata
        model = metadata.get("model_name")
        cost = metadata.get("cost")
        with self._lock:
            self.successful_requests += 1
            self.prompt_tokens += usage.get("input_tokens", 0)
            self.completion_tokens += usage.get("output_tokens", 0)
            self.total_tokens += usage.get("total_tokens", 0)
            self.cached_tokens += (usage.get("input_token_details") or {}).get("cache_read", 0)
            self.reasoning_tokens += (usage.get("output_token_details") or {}).get("reasoning", 0)
            if isinstance(cost, int | float) and not isinstance(cost, bool):
                amount = Decimal(repr(cost))
                self._cost += amount
                key = str(model)
                self._by_model[key] = self._by_model.get(key, Decimal(0)) + amount
            else:
                self.calls_without_cost.append(UnpricedCall(metadata.get("id"), model))


def get_openrouter_callback(max_cost: float | None = None) -> OpenRouterCallback:
    """Total what this package's calls cost inside a `with` (or `async with`) block, optionally capped.

    Every `ChatOpenRouterResponses` call made inside the block is counted, however deeply it is
    nested in chains, agents, `batch`/`abatch` threads or asyncio tasks. Contexts nest: an outer
    one counts the calls of an inner one too; contexts opened in other threads or tasks see
    nothing of each other.

    Example:
        ```python
        from langchain_openrouter_responses import ChatOpenRouterResponses, get_openrouter_callback

        llm = ChatOpenRouterResponses(model="anthropic/claude-sonnet-4")
        with get_openrouter_callback(max_cost=0.05) as cb:
            llm.batch(["Plan my week", "Plan my weekend"])
        print(cb.successful_requests, cb.total_cost, cb.by_model)
        ```

    Args:
        max_cost: A cap in USD credits. Once the total reaches it (equal counts), the next call
            inside the context raises `OpenRouterBudgetExceededError` before sending anything;
            calls already in flight finish and are counted.

    Returns:
        The context's totals, to use as a context manager.

    Raises:
        ValueError: `max_cost` is zero or negative.
    """
    return OpenRouterCallback(max_cost)


def check_caps() -> None:
    """Raise `OpenRouterBudgetExceededError` when any open context has reached its cap.

    Raises:
        OpenRouterBudgetExceededError: A context's total is equal to its `max_cost` or above.
    """
    for callback in _OPEN.get():
        callback.check_cap()


def record_call(message: BaseMessage) -> None:
    """Count one finished call in every open context.

    Args:
        message: The call's `AIMessage` (or a stream's final chunk).
    """
    for callback in _OPEN.get():
        callback.add(message)
