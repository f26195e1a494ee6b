"""The live suite's wiring, checked offline in the default run (these tests are not marked live)."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, LLMResult

from integration_tests.live import conftest
from integration_tests.live.support import CostLedger, is_loopback_url


class FakeItem:
    def __init__(self, *markers: str) -> None:
        self.markers = list(markers)

    def get_closest_marker(self, name: str) -> Any:
        return name if name in self.markers else None

    def add_marker(self, marker: pytest.MarkDecorator) -> None:
        self.markers.append(marker.name)


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8080/api/v1", True),
        ("http://localhost:8080/api/v1", True),
        ("http://[::1]:8080/api/v1", True),
        ("http://127.5.0.1/api/v1", True),
        ("https://openrouter.ai/api/v1", False),
        ("https://192.0.2.2/api/v1", False),
        ("https://localhost.example.com/api/v1", False),
    ],
)
def test_loopback_urls(url: str, loopback: bool) -> None:
    assert is_loopback_url(url) is loopback


def collect(monkeypatch: pytest.MonkeyPatch, key: str | None, url: str | None) -> tuple[FakeItem, FakeItem]:
    for name, value in (("OPENROUTER_API_KEY", key), ("OPENROUTER_BASE_URL", url)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    live, other = FakeItem("live"), FakeItem()
    conftest.pytest_collection_modifyitems(None, [live, other])  # type: ignore[arg-type]
    return live, other


def test_without_a_key_live_tests_are_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    live, other = collect(monkeypatch, None, "https://openrouter.ai/api/v1")
    assert live.markers == ["live", "skip"]
    assert other.markers == []


def test_a_remote_base_url_lifts_the_socket_rule_for_live_tests_only(monkeypatch: pytest.MonkeyPatch) -> None:
    live, other = collect(monkeypatch, "sk-or-test", None)  # None: OpenRouter itself
    assert live.markers == ["live", "enable_socket"]
    assert other.markers == []


def test_a_loopback_base_url_keeps_the_socket_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    live, _ = collect(monkeypatch, "sk-or-emulator", "http://127.0.0.1:8080/api/v1")
    assert live.markers == ["live"]


def test_the_ledger_sums_invoke_and_stream_costs_and_counts_calls_without_one() -> None:
    ledger = CostLedger()
    invoked = ChatGeneration(message=AIMessage("a", response_metadata={"cost": 0.25}))
    streamed = ChatGenerationChunk(message=AIMessageChunk("b", response_metadata={"cost": 0.5}))
    free = ChatGeneration(message=AIMessage("c"))

    for generation in (invoked, streamed, free):
        ledger.on_llm_end(LLMResult(generations=[[generation]]))

    assert ledger.calls == 3
    assert ledger.total == 0.75
    assert ledger.summary("https://x") == (
        "3 model calls to https://x: total cost reported by OpenRouter $0.750000 (1 calls reported no cost)"
    )
