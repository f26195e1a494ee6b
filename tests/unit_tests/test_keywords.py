"""Keyword names and body fields: aliases, hoisting from model_kwargs, and the canonical body."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from langchain_core.messages import HumanMessage

from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses._transport.calls import CLIENT_KWARGS
from langchain_openrouter_responses._wire.body import BODY_FIELD_ORDER, finish_fields, keyword_fields, settings_body
from langchain_openrouter_responses._wire.keywords import MODEL_ONLY_SETTINGS, collect_extra_fields, model_settings
from langchain_openrouter_responses.routing import UnknownOptionWarning

FIELDS: dict[str, Any] = {
    "model": "a/b",
    "temperature": 0.5,
    "verbosity": "low",
    "reasoning": {"effort": "low"},
    "tools": [{"type": "function", "function": {"name": "add", "parameters": {}}}],
    "tool_choice": "any",
    "prompt": {"id": "p"},
    "zeta": 1,
    "stop": ["x"],
}


@given(st.permutations(list(FIELDS.items())))
def test_the_body_does_not_depend_on_the_order_fields_arrived_in(items: list[tuple[str, Any]]) -> None:
    settled = finish_fields(dict(items))
    assert list(settled.items()) == list(finish_fields(FIELDS).items())
    assert finish_fields(settled) == settled
    known = [key for key in settled if key in BODY_FIELD_ORDER]
    assert known == sorted(known, key=BODY_FIELD_ORDER.index)
    assert list(settled)[-2:] == ["prompt", "zeta"]
    assert settled["tool_choice"] == "required"
    assert settled["text"] == {"verbosity": "low"}
    assert settled["include"] == ["reasoning.encrypted_content"]


def test_keyword_aliases_take_their_body_names_and_one_name_per_field() -> None:
    # Renamed only: values were validated and converted once before (call_settings).
    assert keyword_fields({"stop_sequences": "END", "max_tokens": 3, "model_name": "a/b"}) == {
        "stop": "END",
        "max_output_tokens": 3,
        "model": "a/b",
    }
    with pytest.raises(ValueError, match="'max_tokens' and 'max_output_tokens' both set the request's"):
        keyword_fields({"max_tokens": 3, "max_output_tokens": 4})


def test_model_settings_are_the_models_own_fields_and_aliases() -> None:
    settings = model_settings(ChatOpenRouterResponses)
    assert settings["stop_sequences"] == settings["stop"] == "stop"
    assert settings["api_key"] == "openrouter_api_key"
    assert "model_kwargs" not in settings
    assert "metadata" not in settings  # LangChain's tracing metadata, not the request's
    assert set(settings.values()) >= MODEL_ONLY_SETTINGS


def test_model_kwargs_that_name_a_setting_become_that_setting() -> None:
    settings = model_settings(ChatOpenRouterResponses)
    known = {*settings, "model_kwargs"}
    values = collect_extra_fields(
        {"model_kwargs": {"stop_sequences": ["a"], "request_timeout": 3, "prompt": {"id": "p"}}},
        known,
        settings,
    )
    assert values == {"model_kwargs": {"prompt": {"id": "p"}}, "stop_sequences": ["a"], "request_timeout": 3}
    with pytest.raises(ValueError, match=r"'timeout' and model_kwargs\['request_timeout'\] both set 'timeout'"):
        collect_extra_fields({"timeout": 1, "model_kwargs": {"request_timeout": 3}}, known, settings)


class _ReadFields:
    """Stands in for a model and notes which of its fields `settings_body` reads."""

    def __init__(self) -> None:
        self.read: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self.read.add(name)
        return {} if name == "model_kwargs" else None


def test_every_setting_is_sent_builds_the_clients_or_is_the_models_own() -> None:
    # A new field must be read into the body (settings_body), build the clients (CLIENT_KWARGS) or
    # be refused per call (MODEL_ONLY_SETTINGS); otherwise a per-call value is validated, then dropped.
    names = model_settings(ChatOpenRouterResponses)
    model = _ReadFields()
    settings_body(model)
    clients = {names.get(name, name) for name in CLIENT_KWARGS}
    own = MODEL_ONLY_SETTINGS | {"model_kwargs", "store"}  # store: only False, checked by reject_stateful
    unreached = set(names.values()) - model.read - clients - own
    assert unreached == set()


@pytest.mark.parametrize(
    "keywords",
    [{"reasoning": {"effort": "high", "efort2": 1}}, {"provider": {"order": ["openai"], "ordr": 1}}],
    ids=["reasoning", "provider"],
)
def test_an_unknown_key_given_per_call_warns_once(keywords: dict[str, Any]) -> None:
    llm = ChatOpenRouterResponses(model="a/b", api_key="k")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        body = llm._body([HumanMessage("hi")], None, keywords, stream=False)
    assert [type(warning.message) for warning in caught] == [UnknownOptionWarning]
    (name,) = keywords
    assert body[name] == keywords[name]  # sent as given
