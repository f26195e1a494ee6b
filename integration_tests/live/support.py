"""What the live suite's conftest and tests share: where to call, the cost ledger, a request recorder."""

from __future__ import annotations

import json
import os
import threading
from typing import Any
from urllib.parse import urlsplit

import httpx
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.outputs import LLMResult

from langchain_openrouter_responses._net import is_loopback

DEFAULT_BASE_URL = "https://openrouter.ai/api/v1"


def base_url() -> str:
    """The API base URL the live tests call (the package's own default when unset)."""
    return os.environ.get("OPENROUTER_BASE_URL") or DEFAULT_BASE_URL


def api_key() -> str | None:
    """The key the live tests send; None skips them."""
    return os.environ.get("OPENROUTER_API_KEY") or None


def is_loopback_url(url: str) -> bool:
    """Whether `url` points at this machine (an emulator), so no socket rule needs lifting."""
    return is_loopback(urlsplit(url).hostname or "")


class CostLedger(BaseCallbackHandler):
    """Collects OpenRouter's reported `cost` of every finished model call (streams included)."""

    def __init__(self) -> None:
        self.costs: list[float] = []
        self.calls = 0
        self.without_cost = 0
        self._lock = threading.Lock()

    def on_llm_end(self, response: LLMResult, **kwargs: Any) -> None:
        for generations in response.generations:
            for generation in generations:
                message = getattr(generation, "message", None)
                cost = getattr(message, "response_metadata", {}).get("cost")
                with self._lock:
                    self.calls += 1
                    if isinstance(cost, int | float) and not isinstance(cost, bool):
                        self.costs.append(float(cost))
                    else:
                        self.without_cost += 1

    @property
    def total(self) -> float:
        return sum(self.costs)

    def summary(self, where: str) -> str:
        line = f"{self.calls} model calls to {where}: total cost reported by OpenRouter ${self.total:.6f}"
        if self.without_cost:
            line += f" ({self.without_cost} calls reported no cost)"
        return line


class SentRequests:
    """The JSON bodies a client sent, in order: seen client-side, so it works against any server."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> None:
        if request.method == "POST" and request.url.path.endswith("/responses"):
            self.bodies.append(json.loads(request.content))
