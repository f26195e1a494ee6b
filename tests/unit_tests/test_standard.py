"""LangChain's standard unit suite for chat models."""

from __future__ import annotations

from pathlib import Path
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
        "integration_tests/test_secrets.py::test_load_restores_the_key_from_the_environment loads with an "
        "explicit allowlist instead.",
        strict=True,
    )
    def test_serdes(self, model: Any, snapshot: Any) -> None:
        super().test_serdes(model, snapshot)


def test_the_serdes_xfail_points_at_a_test_that_exists() -> None:
    reason = TestChatOpenRouterResponsesUnit.test_serdes.pytestmark[0].kwargs["reason"]  # type: ignore[attr-defined]
    path, _, name = reason.split(" loads with")[0].split()[-1].partition("::")
    source = Path(__file__).parents[2] / path
    assert source.is_file(), f"{path} does not exist"
    assert f"def {name}(" in source.read_text()
