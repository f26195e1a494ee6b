"""LangChain's standard unit suite for chat models."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_tests.unit_tests import ChatModelUnitTests

from langchain_openrouter_responses import ChatOpenRouterResponses


class TestChatOpenRouterResponsesUnit(ChatModelUnitTests):
    @property
    def chat_model_class(self) -> type[ChatOpenRouterResponses]:
        return ChatOpenRouterResponses

    @property
    def chat_model_params(self) -> dict[str, Any]:
        return {"model": "openai/gpt-4o-mini", "api_key": "sk-or-test"}

    @property
    def init_from_env_params(self) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
        return (
            {"OPENROUTER_API_KEY": "sk-or-from-env", "OPENROUTER_BASE_URL": "http://127.0.0.1:9/api/v1"},
            {"model": "openai/gpt-4o-mini"},
            {"openrouter_api_key": "sk-or-from-env", "base_url": "http://127.0.0.1:9/api/v1"},
        )

    @property
    def model_override_value(self) -> str:
        return "anthropic/claude-sonnet-4"

    @pytest.mark.xfail(
        reason="langchain-core's load(allowed_objects='all') only admits classes listed in core's own "
        "serializable mappings, so any third-party namespace is rejected; "
        "tests/unit_tests/test_serialization.py loads with an explicit allowlist instead.",
        strict=True,
    )
    def test_serdes(self, model: Any, snapshot: Any) -> None:
        super().test_serdes(model, snapshot)
