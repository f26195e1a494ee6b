"""The package against its loopback emulator: one emulator per test, a model pointed at it."""

from __future__ import annotations

from typing import Any

import pytest

from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses.emulator import Emulator


@pytest.fixture
def emulator(openrouter_emulator: Emulator) -> Emulator:
    return openrouter_emulator


@pytest.fixture
def make_llm(emulator: Emulator) -> Any:
    def make(**settings: Any) -> ChatOpenRouterResponses:
        settings.setdefault("api_key", emulator.api_key)
        settings.setdefault("max_retries", 0)
        return ChatOpenRouterResponses(base_url=emulator.base_url, **settings)

    return make


@pytest.fixture
def llm(make_llm: Any) -> ChatOpenRouterResponses:
    return make_llm()  # type: ignore[no-any-return]
