"""Generation stats, key info and live model data (`openrouter_api`) against the emulator."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from integration_tests.helpers import aggregate
from langchain_openrouter_responses import (
    ChatOpenRouterResponses,
    MissingAPIKeyError,
    OpenRouterAuthenticationError,
    OpenRouterNotFoundError,
)
from langchain_openrouter_responses import openrouter_api as api
from langchain_openrouter_responses.data import clear_fetched_profiles
from langchain_openrouter_responses.emulator import Emulator, Reply, reasoning_item, text_item

NEW_MODEL = "acme/brand-new-model"
NEW_PROFILE = {
    "name": "Brand New",
    "max_input_tokens": 50_000,
    "max_output_tokens": 4_096,
    "text_inputs": True,
    "image_inputs": True,
    "pdf_inputs": True,
    "text_outputs": True,
    "tool_calling": True,
    "reasoning_output": True,
}


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    api.clear_models_cache()
    clear_fetched_profiles()
    yield
    api.clear_models_cache()
    clear_fetched_profiles()


def _on(emulator: Emulator) -> dict[str, Any]:
    return {"api_key": emulator.api_key, "base_url": emulator.base_url}


def test_get_generation_matches_the_reply_tokens_and_cost(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.queue(Reply([reasoning_item(text="Think it over well."), text_item("Paris is the capital.")]))
    reply = llm.invoke("Capital of France?")
    stats = api.get_generation(reply.response_metadata["id"], **_on(emulator))
    assert stats.id == reply.response_metadata["id"]
    assert stats.model == reply.response_metadata["model_name"]
    usage = reply.usage_metadata
    assert usage is not None
    assert stats.native_tokens_prompt == usage["input_tokens"]
    assert stats.native_tokens_completion == usage["output_tokens"]
    assert stats.native_tokens_reasoning == usage["output_token_details"]["reasoning"] == 4
    assert stats.total_cost == reply.response_metadata["cost"]
    assert stats.streamed is False
    assert stats.provider_name
    assert stats.latency is not None
    assert stats.latency >= 0


def test_get_generation_of_a_stream_and_async(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    streamed = aggregate(list(llm.stream("Say something")))
    stats = asyncio.run(api.aget_generation(streamed.response_metadata["id"], **_on(emulator)))
    assert stats.streamed is True
    assert stats.total_cost == streamed.response_metadata["cost"]
    assert streamed.usage_metadata is not None
    assert stats.native_tokens_completion == streamed.usage_metadata["output_tokens"]


def test_an_unknown_generation_is_not_found(emulator: Emulator) -> None:
    with pytest.raises(OpenRouterNotFoundError):
        api.get_generation("gen-0000000000-unknown", **_on(emulator))


def test_key_info_usage_grows_after_calls(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.credit_limit = 1.0
    before = api.get_key_info(**_on(emulator))
    assert before.usage == 0
    assert before.limit == 1.0
    assert before.limit_remaining == 1.0
    assert before.is_free_tier is False
    assert before.rate_limit is not None
    first = llm.invoke("One")
    second = llm.invoke("Two")
    after = asyncio.run(api.aget_key_info(**_on(emulator)))
    spent = first.response_metadata["cost"] + second.response_metadata["cost"]
    assert after.usage == pytest.approx(spent)
    assert after.limit_remaining == pytest.approx(1.0 - spent)


def test_a_wrong_key_is_an_authentication_error(emulator: Emulator) -> None:
    with pytest.raises(OpenRouterAuthenticationError):
        api.get_key_info(api_key="sk-or-wrong", base_url=emulator.base_url)


def test_a_missing_key_fails_before_any_request(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENROUTER_API_KEY", raising=False)
    with pytest.raises(MissingAPIKeyError):
        api.list_models(base_url=emulator.base_url)
    assert emulator.requests == []


def test_key_and_base_url_come_from_the_environment(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENROUTER_API_KEY", str(emulator.api_key))
    monkeypatch.setenv("OPENROUTER_BASE_URL", emulator.base_url)
    assert api.get_key_info().usage == 0
    assert emulator.requests[0].path == "/api/v1/key"


def test_an_insecure_remote_base_url_is_refused() -> None:
    with pytest.raises(ValueError, match="plain http"):
        api.get_key_info(api_key="sk-or-x", base_url="http://example.com/api/v1")


def test_list_models_is_typed_and_cached_per_base_url(emulator: Emulator) -> None:
    models = api.list_models(**_on(emulator))
    assert len({model.id for model in models}) >= 300
    gpt = next(model for model in models if model.id == "openai/gpt-4o-mini")
    assert gpt.context_length
    assert (gpt.pricing.prompt, gpt.pricing.completion) == (0.00000015, 0.0000006)
    assert "image" in gpt.architecture.input_modalities
    assert "tools" in gpt.supported_parameters
    assert api.list_models(**_on(emulator)) == models
    assert len(emulator.requests) == 1  # the second call used the cache
    assert len(asyncio.run(api.alist_models(**_on(emulator), max_age=0))) == len(models)
    assert len(emulator.requests) == 2


def test_refresh_profiles_fills_a_profile_the_snapshot_lacks() -> None:
    with Emulator(model_profiles={NEW_MODEL: NEW_PROFILE}) as emulator:
        llm = ChatOpenRouterResponses(model=NEW_MODEL, **_on(emulator))
        assert llm.profile is None
        added = api.refresh_profiles(**_on(emulator))
        assert NEW_MODEL in added
        assert "openai/gpt-4o-mini" not in added
        profile = ChatOpenRouterResponses(model=f"{NEW_MODEL}:nitro", **_on(emulator)).profile
        assert profile is not None
        assert profile["max_input_tokens"] == 50_000
        assert profile["max_output_tokens"] == 4_096
        assert profile["image_inputs"] is True
        assert profile["pdf_inputs"] is True
        assert profile["audio_inputs"] is False
        assert profile["tool_calling"] is True
        assert profile["reasoning_output"] is True
        reply = ChatOpenRouterResponses(model=NEW_MODEL, **_on(emulator)).invoke("Hi")
        assert reply.response_metadata["model_name"] == NEW_MODEL
        emulator.verify()


def test_refresh_keeps_bundled_profiles(emulator: Emulator) -> None:
    bundled = ChatOpenRouterResponses(model="openai/gpt-4o-mini", **_on(emulator)).profile
    asyncio.run(api.arefresh_profiles(**_on(emulator)))
    assert ChatOpenRouterResponses(model="openai/gpt-4o-mini", **_on(emulator)).profile == bundled
