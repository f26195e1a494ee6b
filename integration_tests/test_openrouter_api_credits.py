"""Credits and a model's endpoints (`openrouter_api`) against the emulator."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from langchain_openrouter_responses import ChatOpenRouterResponses, OpenRouterNotFoundError
from langchain_openrouter_responses import openrouter_api as api
from langchain_openrouter_responses.emulator import Emulator


def _on(emulator: Emulator) -> dict[str, Any]:
    return {"api_key": emulator.api_key, "base_url": emulator.base_url}


def test_credits_count_what_the_calls_cost(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.credit_limit = 5.0
    before = api.get_credits(**_on(emulator))
    assert (before.total_credits, before.total_usage, before.remaining) == (5.0, 0.0, 5.0)
    cost = llm.invoke("One").response_metadata["cost"]
    after = asyncio.run(api.aget_credits(**_on(emulator)))
    assert after.total_usage == pytest.approx(cost)
    assert after.remaining == pytest.approx(5.0 - cost)


def test_a_model_s_endpoints_are_typed(emulator: Emulator) -> None:
    found = api.get_model_endpoints("openai/gpt-4o", **_on(emulator))
    assert found.id == "openai/gpt-4o"
    assert "image" in found.architecture.input_modalities
    (endpoint,) = found.endpoints
    assert endpoint.provider_name == "Emulator"
    assert endpoint.context_length == 128_000
    assert endpoint.status == 0
    assert endpoint.pricing.prompt is not None
    assert endpoint.pricing.prompt > 0
    assert "tools" in endpoint.supported_parameters
    again = asyncio.run(api.aget_model_endpoints("openai/gpt-4o", **_on(emulator)))
    assert again == found


def test_endpoints_of_an_unknown_model_are_not_found(emulator: Emulator) -> None:
    with pytest.raises(OpenRouterNotFoundError):
        api.get_model_endpoints("acme/no-such-model", **_on(emulator))


@pytest.mark.parametrize("model", ["gpt-4o", "openai/", "a/b/c"])
def test_a_model_id_without_author_and_slug_fails_before_any_request(emulator: Emulator, model: str) -> None:
    with pytest.raises(ValueError, match="not an OpenRouter model id 'author/slug'"):
        api.get_model_endpoints(model, **_on(emulator))
    assert emulator.requests == []
