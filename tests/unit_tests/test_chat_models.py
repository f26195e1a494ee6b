"""Constructing `ChatOpenRouterResponses`: defaults, aliases, environment and validation."""

from __future__ import annotations

import warnings
from typing import Any

import openai
import pytest
from langchain_core.messages import HumanMessage

from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses._transport.calls import client_settings, stream_timeout


def body_of(llm: ChatOpenRouterResponses, **call_kwargs: Any) -> dict[str, Any]:
    return llm._body([HumanMessage("hi")], None, call_kwargs, stream=False)


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENROUTER_API_KEY", raising=False)
    monkeypatch.delenv("OPENROUTER_BASE_URL", raising=False)
    llm = ChatOpenRouterResponses()
    assert llm.model_name == llm.model == "openai/gpt-oss-20b"
    assert llm.name == "OpenRouterResponses"
    assert llm.base_url == "https://openrouter.ai/api/v1"
    assert llm.openrouter_api_key is None
    assert (llm.store, llm.max_retries) == (False, 2)
    assert body_of(llm) == {
        "model": "openai/gpt-oss-20b",
        "input": [{"type": "message", "role": "user", "content": "hi"}],
    }


def test_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or-env")
    monkeypatch.setenv("OPENROUTER_BASE_URL", "http://127.0.0.1:1234/api/v1")
    llm = ChatOpenRouterResponses()
    assert llm.openrouter_api_key is not None
    assert llm.openrouter_api_key.get_secret_value() == "sk-or-env"
    assert llm.base_url == "http://127.0.0.1:1234/api/v1"


def test_id_is_an_alias_of_model() -> None:
    assert ChatOpenRouterResponses(id="anthropic/claude-sonnet-4").model_name == "anthropic/claude-sonnet-4"


def test_unknown_keywords_go_to_the_body_with_a_warning() -> None:
    # `prompt` (a stored prompt reference) is in OpenRouter's schema but not a typed setting.
    with pytest.warns(UserWarning, match=r"\['prompt'\] are not ChatOpenRouterResponses fields"):
        llm = ChatOpenRouterResponses(prompt={"id": "pmpt_1", "variables": {"city": "Paris"}})
    assert llm.model_kwargs == {"prompt": {"id": "pmpt_1", "variables": {"city": "Paris"}}}
    assert body_of(llm)["prompt"] == {"id": "pmpt_1", "variables": {"city": "Paris"}}


def test_model_kwargs_do_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        llm = ChatOpenRouterResponses(model_kwargs={"session_id": "s-1"})
    assert body_of(llm)["session_id"] == "s-1"


def test_settings_map_to_wire_names() -> None:
    llm = ChatOpenRouterResponses(
        models=["a/b"], reasoning={"enabled": True}, max_tokens=7, stop=["x"], temperature=0.5, top_p=0.9
    )
    assert body_of(llm) == {
        "model": "openai/gpt-oss-20b",
        "models": ["a/b"],
        "reasoning": {"enabled": True},
        "include": ["reasoning.encrypted_content"],
        "max_output_tokens": 7,
        "stop": ["x"],
        "temperature": 0.5,
        "top_p": 0.9,
        "input": [{"type": "message", "role": "user", "content": "hi"}],
    }


def test_user_include_is_kept_and_extended() -> None:
    llm = ChatOpenRouterResponses(reasoning={"effort": "low"}, include=["message.input_image.image_url"])
    assert body_of(llm)["include"] == ["message.input_image.image_url", "reasoning.encrypted_content"]


def test_per_call_stop_and_empty_stop() -> None:
    llm = ChatOpenRouterResponses(stop=["a"])
    assert llm._body([HumanMessage("hi")], ["b"], {}, stream=False)["stop"] == ["b"]
    assert "stop" not in body_of(ChatOpenRouterResponses(stop=[]))


def test_ls_params() -> None:
    llm = ChatOpenRouterResponses(model="a/b", temperature=0.1, max_tokens=9, stop="x")  # type: ignore[arg-type]
    assert llm._get_ls_params(model="c/d") == {
        "ls_provider": "openrouter",
        "ls_model_name": "c/d",
        "ls_model_type": "chat",
        "ls_temperature": 0.1,
        "ls_max_tokens": 9,
        "ls_stop": ["x"],
    }


def test_per_call_verbosity_none_clears_it() -> None:
    llm = ChatOpenRouterResponses(verbosity="low")
    assert "text" not in body_of(llm, verbosity=None)
    assert body_of(llm, verbosity="high")["text"] == {"verbosity": "high"}
    assert "text" not in body_of(ChatOpenRouterResponses(), verbosity=None)


def test_chunk_timeout_keeps_the_short_connect_timeout() -> None:
    # 7 s differs from both the SDK's connect (5 s) and read (600 s) defaults, so each value shows its source.
    sdk_connect = openai.DEFAULT_TIMEOUT.connect
    assert sdk_connect not in (None, 7.0)
    llm = ChatOpenRouterResponses(api_key="k", stream_chunk_timeout=7)
    timeout = stream_timeout(client_settings(llm, {}), llm.stream_chunk_timeout)
    assert (timeout.connect, timeout.read) == (sdk_connect, 7.0)
    llm = ChatOpenRouterResponses(api_key="k", stream_chunk_timeout=7, timeout=30)
    timeout = stream_timeout(client_settings(llm, {}), llm.stream_chunk_timeout)
    assert (timeout.connect, timeout.read) == (30.0, 7.0)
