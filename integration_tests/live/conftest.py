"""The live suite: real calls to `OPENROUTER_BASE_URL` with `OPENROUTER_API_KEY` (opt-in: `pytest -m live`).

Without `OPENROUTER_API_KEY` every live test is skipped. Against a non-loopback base URL (OpenRouter
itself) the project's loopback-only socket rule (`--allow-hosts` in addopts) is lifted for live tests
only, through pytest-socket's `enable_socket` marker. Each call's `response_metadata["cost"]` is
collected by a callback handler and the session's total is printed in the terminal summary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from integration_tests.live.support import CostLedger, SentRequests, api_key, base_url, is_loopback_url
from langchain_openrouter_responses import ChatOpenRouterResponses

LIVE_MARKER = "live"
NO_KEY_REASON = (
    "OPENROUTER_API_KEY is not set: the live suite calls OPENROUTER_BASE_URL (default: OpenRouter) for real; "
    "run it with OPENROUTER_API_KEY=... pytest -m live"
)
LEDGER = pytest.StashKey[CostLedger]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[LEDGER] = CostLedger()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip live tests without a key; let them, and only them, reach a non-loopback host."""
    remote = not is_loopback_url(base_url())
    for item in items:
        if item.get_closest_marker(LIVE_MARKER) is None:
            continue
        if api_key() is None:
            item.add_marker(pytest.mark.skip(reason=NO_KEY_REASON))
        elif remote:
            # pytest-socket gives a test marked enable_socket real sockets without the --allow-hosts
            # restriction; it re-applies the restriction at the next test's setup, so others keep it.
            item.add_marker(pytest.mark.enable_socket)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    ledger = config.stash.get(LEDGER, None)
    if ledger is None or ledger.calls == 0:
        return
    terminalreporter.write_sep("-", "live suite cost")
    terminalreporter.write_line(ledger.summary(base_url()))


@pytest.fixture
def cost_ledger(pytestconfig: pytest.Config) -> CostLedger:
    return pytestconfig.stash[LEDGER]


@pytest.fixture
def live_model(cost_ledger: CostLedger) -> Callable[..., ChatOpenRouterResponses]:
    """Build a model pointed at the live base URL; every call's cost lands in the session ledger."""

    def make(model: str, **settings: Any) -> ChatOpenRouterResponses:
        settings.setdefault("timeout", 90)
        settings.setdefault("base_url", base_url())
        settings.setdefault("api_key", api_key())
        return ChatOpenRouterResponses(model=model, callbacks=[cost_ledger], **settings)

    return make


@pytest.fixture
def sent_requests() -> Iterator[tuple[SentRequests, httpx.Client]]:
    """An `httpx.Client` for `http_client=` that records every request body it sends."""
    sent = SentRequests()
    with httpx.Client(event_hooks={"request": [sent]}, timeout=90) as client:
        yield sent, client
