"""Per-call settings and validation messages of the request body (found by mutation testing, issue 12)."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from langchain_core.messages import HumanMessage

from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses._wire.body import (
    build_body,
    langsmith_params,
    reject_stateful,
    validate_model,
    validate_models,
    validate_reasoning,
)
from langchain_openrouter_responses._wire.keywords import collect_extra_fields
from langchain_openrouter_responses.routing import UnknownOptionWarning

HI = [{"type": "message", "role": "user", "content": "hi"}]


def test_per_call_settings_are_validated_into_their_body_shape() -> None:
    llm = ChatOpenRouterResponses(model="a/b", api_key="k")
    body = llm._body(
        [HumanMessage("hi")],
        None,
        {
            "cache_control": {"ttl": "1h"},
            "prompt_cache_options": {},
            "image_config": {"aspect_ratio": "16:9", "seed": 3},
            "debug": {"echo_upstream_body": True},
            "stop_server_tools_when": {"type": "step_count_is", "step_count": 3},
            "provider": {"order": ["x"]},
            "plugins": [{"id": "web"}],
        },
        stream=False,
    )
    assert body == {
        "model": "a/b",
        "cache_control": {"type": "ephemeral", "ttl": "1h"},
        "prompt_cache_options": {"mode": "explicit"},
        "image_config": {"aspect_ratio": "16:9", "seed": 3},
        "debug": {"echo_upstream_body": True},
        "stop_server_tools_when": [{"type": "step_count_is", "step_count": 3}],
        "provider": {"order": ["x"]},
        "plugins": [{"id": "web"}],
        "input": HI,
    }


@pytest.mark.parametrize(
    "key",
    ["cache_control", "prompt_cache_options", "image_config", "debug", "stop_server_tools_when", "provider", "plugins"],
)
def test_a_per_call_none_drops_the_models_setting(key: str) -> None:
    defaults = {
        "model": "a/b",
        "cache_control": {"type": "ephemeral"},
        "prompt_cache_options": {"mode": "explicit"},
        "image_config": {"aspect_ratio": "1:1"},
        "debug": {"echo_upstream_body": True},
        "stop_server_tools_when": [{"type": "step_count_is", "step_count": 2}],
        "provider": {"order": ["x"]},
        "plugins": [{"id": "web"}],
    }
    body = build_body(defaults, [HumanMessage("hi")], {key: None}, stream=False)
    expected = {name: value for name, value in defaults.items() if name != key}
    assert body == {**expected, "input": HI}


def test_a_bad_model_id_is_refused_with_every_accepted_form_spelled_out() -> None:
    with pytest.raises(ValueError) as raised:
        validate_model("gpt-4o")
    assert str(raised.value) == (
        "model='gpt-4o' is not an OpenRouter model id. Use 'vendor/name' such as 'openai/gpt-4o', optionally "
        "with a ':variant' such as ':free' or ':online'; 'openrouter/auto'; a '~vendor/name-latest' alias; "
        "or a preset '@preset/name'."
    )


def test_models_that_is_no_list_is_refused_showing_the_value() -> None:
    with pytest.raises(ValueError) as raised:
        validate_models("openai/gpt-4o")
    assert str(raised.value) == "models must be a list of model ids such as ['openai/gpt-4o'], got 'openai/gpt-4o'."


@pytest.mark.parametrize("budget", [True, False, 0, -1, "5", 1.5])
def test_a_reasoning_budget_must_be_a_positive_int(budget: Any) -> None:
    with pytest.raises(ValueError) as raised:
        validate_reasoning({"max_tokens": budget})
    assert str(raised.value) == f"reasoning['max_tokens'] must be a positive integer, got {budget!r}."


def test_a_reasoning_budget_of_one_token_is_accepted() -> None:
    assert validate_reasoning({"max_tokens": 1}) == {"max_tokens": 1}


def test_effort_and_budget_together_are_refused_with_the_reason() -> None:
    with pytest.raises(ValueError) as raised:
        validate_reasoning({"effort": "high", "max_tokens": 5})
    assert str(raised.value) == "reasoning sets both 'effort' and 'max_tokens'; OpenRouter takes one or the other."


def test_a_per_call_verbosity_keeps_the_rest_of_text() -> None:
    defaults = {"model": "a/b", "text": {"format": {"type": "json_object"}, "verbosity": "low"}}
    body = build_body(defaults, [HumanMessage("hi")], {"verbosity": "high"}, stream=False)
    assert body["text"] == {"format": {"type": "json_object"}, "verbosity": "high"}
    cleared = build_body(defaults, [HumanMessage("hi")], {"verbosity": None}, stream=False)
    assert cleared["text"] == {"format": {"type": "json_object"}}
    only_verbosity = build_body(
        {"model": "a/b", "text": {"verbosity": "low"}}, [HumanMessage("hi")], {"verbosity": None}, stream=False
    )
    assert "text" not in only_verbosity


def test_no_tools_sends_no_tools_and_a_chat_shaped_choice_is_flattened() -> None:
    defaults = {"model": "a/b", "tools": [], "tool_choice": {"type": "function", "function": {"name": "f"}}}
    assert build_body(defaults, [HumanMessage("hi")], {}, stream=False) == {
        "model": "a/b",
        "tool_choice": {"type": "function", "name": "f"},
        "input": HI,
    }


def test_per_call_tools_are_flattened_and_a_response_format_joins_text() -> None:
    body = build_body(
        {"model": "a/b", "text": {"verbosity": "low"}},
        [HumanMessage("hi")],
        {
            "tools": [{"type": "function", "function": {"name": "f", "parameters": {}}}],
            "response_format": {"type": "json_object"},
        },
        stream=False,
    )
    assert body == {
        "model": "a/b",
        "text": {"verbosity": "low", "format": {"type": "json_object"}},
        "tools": [{"type": "function", "name": "f", "parameters": {}}],
        "input": HI,
    }


def test_tracing_parameters_take_the_calls_temperature_tokens_and_stops() -> None:
    llm = ChatOpenRouterResponses(model="a/b", temperature=0.1, max_tokens=9, stop=["x"])
    base = {"ls_provider": "openrouter", "ls_model_name": "a/b", "ls_model_type": "chat"}
    assert llm._get_ls_params(["k"], temperature=0.5, max_tokens=3) == {
        **base,
        "ls_temperature": 0.5,
        "ls_max_tokens": 3,
        "ls_stop": ["k"],
    }
    assert llm._get_ls_params(temperature=None, max_tokens=None) == {**base, "ls_stop": ["x"]}
    assert ChatOpenRouterResponses(model="a/b")._get_ls_params() == base


def test_tracing_stops_given_in_the_keywords_count_when_no_stop_argument_is() -> None:
    llm = ChatOpenRouterResponses(model="a/b", stop=["x"])
    assert langsmith_params(llm, None, {"stop": "END"})["ls_stop"] == ["END"]
    assert langsmith_params(llm, ["s"], {"stop": "END"})["ls_stop"] == ["s"]


def test_every_setting_goes_into_the_body_under_its_wire_name() -> None:
    llm = ChatOpenRouterResponses(
        model="a/b",
        models=["c/d"],
        reasoning={"effort": "low"},
        include=["message.input_image.image_url"],
        temperature=0.3,
        top_p=0.9,
        max_tokens=100,
        stop=["END"],
        provider={"order": ["openai"]},
        plugins=[{"id": "web"}],
        session_id="s1",
        trace={"trace_id": "t1"},
        request_metadata={"k": "v"},
        user="u1",
        safety_identifier="si",
        top_k=40,
        frequency_penalty=0.5,
        presence_penalty=0.25,
        prompt_cache_key="pk",
        service_tier="flex",
        max_tool_calls=3,
        truncation="auto",
        verbosity="low",
        cache_control={"ttl": "1h"},
        prompt_cache_options={"ttl": "30m"},
        modalities=["text", "image"],
        image_config={"aspect_ratio": "16:9"},
        stop_server_tools_when=[{"type": "step_count_is", "step_count": 2}],
        top_logprobs=2,
        debug={"echo_upstream_body": True},
        model_kwargs={"extra_field": 1},
    )
    assert llm._body([HumanMessage("hi")], None, {}, stream=False) == {
        "model": "a/b",
        "models": ["c/d"],
        "reasoning": {"effort": "low"},
        "include": ["message.input_image.image_url", "reasoning.encrypted_content"],
        "temperature": 0.3,
        "top_p": 0.9,
        "max_output_tokens": 100,
        "stop": ["END"],
        "provider": {"order": ["openai"]},
        "plugins": [{"id": "web"}],
        "session_id": "s1",
        "trace": {"trace_id": "t1"},
        "metadata": {"k": "v"},
        "user": "u1",
        "safety_identifier": "si",
        "top_k": 40,
        "frequency_penalty": 0.5,
        "presence_penalty": 0.25,
        "prompt_cache_key": "pk",
        "service_tier": "flex",
        "max_tool_calls": 3,
        "truncation": "auto",
        "text": {"verbosity": "low"},
        "cache_control": {"type": "ephemeral", "ttl": "1h"},
        "prompt_cache_options": {"mode": "explicit", "ttl": "30m"},
        "modalities": ["text", "image"],
        "image_config": {"aspect_ratio": "16:9"},
        "stop_server_tools_when": [{"type": "step_count_is", "step_count": 2}],
        "top_logprobs": 2,
        "debug": {"echo_upstream_body": True},
        "extra_field": 1,
        "input": HI,
    }


def test_a_model_with_no_settings_sends_only_the_model_and_input() -> None:
    assert ChatOpenRouterResponses(model="a/b")._body([HumanMessage("hi")], None, {}, stream=False) == {
        "model": "a/b",
        "input": HI,
    }


def test_unknown_constructor_keys_warn_outside_the_package_and_go_to_model_kwargs() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        llm = ChatOpenRouterResponses(model="a/b", foo=1)
    (warning,) = caught
    assert warning.category is UserWarning
    # At the caller, not inside the package (under mutmut its trampolines add frames, so the
    # exact line is not checked).
    assert "langchain_openrouter_responses" not in warning.filename
    assert str(warning.message) == (
        "['foo'] are not ChatOpenRouterResponses fields; they will be sent in the request body as given. "
        "Pass them in model_kwargs= to silence this warning."
    )
    assert llm.model_kwargs == {"foo": 1}


@pytest.mark.parametrize("other", ["model", "model_name"])
def test_id_and_a_model_together_are_refused(other: str) -> None:
    with pytest.raises(ValueError) as raised:
        collect_extra_fields({"id": "a/b", other: "c/d"}, {"model", "model_name"})
    assert str(raised.value) == "Pass the model as model= or id=, not both."


def test_a_per_call_stop_string_is_sent_as_a_list() -> None:
    llm = ChatOpenRouterResponses(model="a/b", api_key="k", stop=["x"])
    body = llm._body([HumanMessage("hi")], None, {"stop": "END"}, stream=False)
    assert body == {"model": "a/b", "stop": ["END"], "input": HI}


def test_unknown_constructor_keys_join_the_given_model_kwargs() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        llm = ChatOpenRouterResponses(model="a/b", model_kwargs={"x": 1}, foo=2)
    assert llm.model_kwargs == {"x": 1, "foo": 2}


@pytest.mark.parametrize(
    ("params", "error"),
    [
        (
            {"use_previous_response_id": True},
            (
                "use_previous_response_id is not supported: OpenRouter's Responses API is stateless and keeps no "
                "responses. Pass the whole conversation instead (this model resends the history, including reasoning, "
                "on every call); use session_id for sticky routing."
            ),
        ),
        (
            {"store": True},
            (
                "store=True is not supported: OpenRouter's Responses API is stateless and rejects it. "
                "Leave store unset (False)."
            ),
        ),
    ],
)
def test_stateful_parameters_are_refused_with_the_exact_reason(params: dict[str, Any], error: str) -> None:
    with pytest.raises(ValueError) as raised:
        reject_stateful(params)
    assert str(raised.value) == error


def test_stateful_parameters_set_to_false_or_none_are_accepted() -> None:
    reject_stateful({"use_previous_response_id": False, "previous_response_id": None, "store": False})


def test_unknown_constructor_keys_are_named_sorted_in_the_warning() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ChatOpenRouterResponses(model="a/b", zeta=1, alpha=2, mid=3)
    (warning,) = caught
    assert str(warning.message).startswith("['alpha', 'mid', 'zeta'] are not ChatOpenRouterResponses fields")


def test_an_unknown_keyword_wins_over_the_same_key_in_model_kwargs() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        llm = ChatOpenRouterResponses(model="a/b", model_kwargs={"foo": 1, "x": 1}, foo=2)
    assert llm.model_kwargs == {"foo": 2, "x": 1}


def test_a_setting_given_as_a_field_and_in_model_kwargs_is_refused() -> None:
    # One meaning per setting (issue 21): the same setting twice is an error, not a silent precedence.
    with pytest.raises(ValueError, match=r"'temperature' and model_kwargs\['temperature'\] both set 'temperature'"):
        ChatOpenRouterResponses(model="a/b", api_key="k", temperature=0.5, model_kwargs={"temperature": 0.9})


def test_unknown_reasoning_keys_are_named_sorted() -> None:
    keys = ["zeta", "eta", "beta", "kappa", "alpha", "mu"]  # six: a set keeps this order 1 time in 720
    with pytest.warns(
        UnknownOptionWarning, match=r"^reasoning: unknown key 'alpha'.*'beta'.*'eta'.*'kappa'.*'mu'.*'zeta'"
    ):
        validate_reasoning(dict.fromkeys(keys, 1))
