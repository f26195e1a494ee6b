"""Typed plugins, stop conditions, top_logprobs and debug: validation, request bodies, and the
pure converters that surface logprobs and debug events."""

from __future__ import annotations

import warnings
from datetime import date
from typing import Any

import pytest
from langchain_core.messages import HumanMessage
from pydantic import ValidationError

from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses._wire.body import settings_body
from langchain_openrouter_responses._wire.response import output_logprobs, response_to_message
from langchain_openrouter_responses._wire.stream import StreamState
from langchain_openrouter_responses.routing import (
    AutoRouterPlugin,
    FileParserPlugin,
    PdfOptions,
    Plugin,
    UnknownOptionWarning,
    WebPlugin,
    plugins_body,
)
from langchain_openrouter_responses.settings import HasToolCall, MaxCost, StepCountIs, stop_conditions


def _llm(**settings: Any) -> ChatOpenRouterResponses:
    return ChatOpenRouterResponses(api_key="sk-or-test", **settings)


def test_known_plugins_are_typed_and_send_only_what_was_set() -> None:
    llm = _llm(
        plugins=[
            {"id": "file-parser", "pdf": {"engine": "native"}},
            Plugin(id="web", max_results=3),
            AutoRouterPlugin(allowed_models=["anthropic/*"]),
            {"id": "response-healing"},
        ]
    )
    assert llm.plugins is not None
    assert [type(plugin) for plugin in llm.plugins] == [
        FileParserPlugin,
        WebPlugin,
        AutoRouterPlugin,
        type(plugins_typed("response-healing")),
    ]
    assert settings_body(llm)["plugins"] == [
        {"id": "file-parser", "pdf": {"engine": "native"}},
        {"id": "web", "max_results": 3},
        {"id": "auto-router", "allowed_models": ["anthropic/*"]},
        {"id": "response-healing"},
    ]


def plugins_typed(plugin_id: str) -> Plugin:
    llm = _llm(plugins=[{"id": plugin_id}])
    assert llm.plugins is not None
    return llm.plugins[0]


def test_unknown_plugins_keep_every_option() -> None:
    plugin = plugins_typed("fusion")
    assert type(plugin) is Plugin
    assert plugins_body([{"id": "fusion", "models": ["a/b"], "rounds": 2}]) == [
        {"id": "fusion", "models": ["a/b"], "rounds": 2}
    ]


@pytest.mark.parametrize(
    ("plugin", "location"),
    [
        ({"id": "web", "max_results": 30}, ("plugins", 0, "web", "max_results")),
        ({"id": "file-parser", "pdf": {"engine": "tesseract"}}, ("plugins", 0, "file-parser", "pdf", "engine")),
        ({"id": "auto-router", "cost_tier": "cheap"}, ("plugins", 0, "auto-router", "cost_tier")),
        ({"id": "context-compression", "engine": "top-down"}, ("plugins", 0, "context-compression", "engine")),
        ({"id": "web-fetch", "max_uses": 0}, ("plugins", 0, "web-fetch", "max_uses")),
    ],
)
def test_a_bad_plugin_option_names_the_plugin_and_field(plugin: dict[str, Any], location: tuple[Any, ...]) -> None:
    with pytest.raises(ValidationError) as caught:
        _llm(plugins=[plugin])
    assert caught.value.errors()[0]["loc"] == location


@pytest.mark.parametrize(
    ("plugin", "message"),
    [
        ({"id": "web", "engin": "exa"}, r"plugin 'web': unknown option 'engin' \(did you mean 'engine'\?\)"),
        (
            {"id": "auto-router", "allowed_model": ["a/*"]},
            r"plugin 'auto-router': unknown option 'allowed_model' \(did you mean 'allowed_models'\?\)",
        ),
        ({"id": "moderation", "level": 2}, r"plugin 'moderation': unknown option 'level' is sent"),
        ({"id": "auto-routr"}, r"unknown plugin id 'auto-routr' \(did you mean 'auto-router'\?\)"),
    ],
)
def test_an_unknown_plugin_option_or_id_is_sent_with_one_warning(plugin: dict[str, Any], message: str) -> None:
    with pytest.warns(UnknownOptionWarning, match=message) as caught:
        llm = _llm(plugins=[plugin])
    assert len(caught) == 1
    assert settings_body(llm)["plugins"] == [plugin]


def test_openrouters_newer_plugin_options_are_typed() -> None:
    options = {"cost_tier": "high", "cost_quality_tradeoff": 7, "excluded_models": ["x/*"], "pin_model": True}
    x_search = {"allowed_x_handles": ["openrouter"], "from_date": "2026-01-01", "enable_image_understanding": True}
    plugins = [{"id": "auto-router", **options}, {"id": "web", "x_search": x_search}]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert plugins_body(plugins) == plugins
        assert plugins_body([{"id": "armor", "mode": "audit"}, {"id": "pareto-router"}]) == [
            {"id": "armor", "mode": "audit"},
            {"id": "pareto-router"},
        ]


def test_per_call_plugins_are_validated_too() -> None:
    llm = _llm()
    body = llm._body(
        [HumanMessage("hi")], None, {"plugins": [{"id": "file-parser", "pdf": {"engine": "mistral-ocr"}}]}, stream=False
    )
    assert body["plugins"] == [{"id": "file-parser", "pdf": {"engine": "mistral-ocr"}}]
    with pytest.raises(ValueError, match="file-parser"):
        llm._body([HumanMessage("hi")], None, {"plugins": [{"id": "file-parser", "pdf": "native"}]}, stream=False)


def test_plugin_classes_build_directly() -> None:
    assert FileParserPlugin(pdf=PdfOptions(engine="cloudflare-ai")).to_body() == {
        "id": "file-parser",
        "pdf": {"engine": "cloudflare-ai"},
    }
    assert plugins_body([Plugin(id="web-fetch", allowed_domains=["python.org"])]) == [
        {"id": "web-fetch", "allowed_domains": ["python.org"]}
    ]


def test_stop_server_tools_when_is_typed() -> None:
    llm = _llm(stop_server_tools_when=StepCountIs(step_count=3))
    assert settings_body(llm)["stop_server_tools_when"] == [{"type": "step_count_is", "step_count": 3}]
    conditions = [{"type": "max_cost", "max_cost_in_dollars": 0.25}, HasToolCall(tool_name="finish")]
    body = llm._body([HumanMessage("hi")], None, {"stop_server_tools_when": conditions}, stream=False)
    assert body["stop_server_tools_when"] == [
        {"type": "max_cost", "max_cost_in_dollars": 0.25},
        {"type": "has_tool_call", "tool_name": "finish"},
    ]
    assert stop_conditions({"type": "finish_reason_is", "reason": "stop"})[0].reason == "stop"  # type: ignore[union-attr]
    assert stop_conditions([{"type": "max_tokens_used", "max_tokens": 9}])[0].max_tokens == 9  # type: ignore[union-attr]
    assert isinstance(stop_conditions(MaxCost(max_cost_in_dollars=1))[0], MaxCost)


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"type": "step_count_is", "step_count": 0}, "step_count"),
        ({"type": "max_cost", "max_cost": 1}, "max_cost_in_dollars"),
        ({"type": "stop_after", "n": 1}, "step_count_is"),
    ],
)
def test_a_bad_stop_condition_fails_naming_it(condition: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _llm(stop_server_tools_when=[condition])


def test_top_logprobs_and_debug_are_typed() -> None:
    llm = _llm(top_logprobs=5, debug={"echo_upstream_body": True})
    body = settings_body(llm)
    assert body["top_logprobs"] == 5
    assert body["debug"] == {"echo_upstream_body": True}
    with pytest.raises(ValidationError, match="top_logprobs"):
        _llm(top_logprobs=21)
    with pytest.warns(UnknownOptionWarning, match="'echo_upstream' \\(did you mean 'echo_upstream_body'"):
        assert settings_body(_llm(debug={"echo_upstream": True}))["debug"] == {"echo_upstream": True}


LOGPROB = {"token": "Hi", "logprob": -0.1, "bytes": [72, 105], "top_logprobs": []}


def _response(*parts: dict[str, Any]) -> dict[str, Any]:
    message = {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed", "content": list(parts)}
    return {"id": "gen-1", "model": "m/x", "status": "completed", "output": [message], "usage": None}


def test_output_logprobs_collects_every_text_part_in_order() -> None:
    first = {"type": "output_text", "text": "Hi", "annotations": [], "logprobs": [LOGPROB]}
    second = {"type": "output_text", "text": "!", "annotations": [], "logprobs": [{**LOGPROB, "token": "!"}]}
    assert [entry["token"] for entry in output_logprobs(_response(first, second)["output"])] == ["Hi", "!"]
    assert output_logprobs([{"type": "reasoning", "summary": []}]) == []
    message = response_to_message(_response(first))
    assert message.response_metadata["logprobs"] == [LOGPROB]
    assert "logprobs" not in response_to_message(_response({**first, "logprobs": []})).response_metadata


def test_stream_keeps_debug_events_and_falls_back_to_done_logprobs() -> None:
    state = StreamState()
    assert state.handle({"type": "response.debug", "debug": {"echo_upstream_body": {"model": "x"}}}) is None
    done = {"type": "response.output_text.done", "output_index": 0, "content_index": 0, "text": "Hi"}
    assert state.handle({**done, "logprobs": [LOGPROB]}) is None
    bare = {"type": "output_text", "text": "Hi", "annotations": [], "logprobs": []}
    final = state.handle({"type": "response.completed", "response": _response(bare)})
    assert final is not None
    assert final.response_metadata["debug"] == [{"echo_upstream_body": {"model": "x"}}]
    assert final.response_metadata["logprobs"] == [LOGPROB]


def test_a_stream_without_debug_or_logprobs_reports_neither() -> None:
    state = StreamState()
    state.handle({"type": "response.output_text.done", "output_index": 0, "content_index": 0, "logprobs": []})
    text = {"type": "output_text", "text": "Hi", "annotations": [], "logprobs": []}
    final = state.handle({"type": "response.completed", "response": _response(text)})
    assert final is not None
    assert "debug" not in final.response_metadata
    assert "logprobs" not in final.response_metadata


def test_the_web_plugins_x_search_dates_are_dates_sent_as_iso_strings() -> None:
    # OpenRouter's schema types them as dates: a string that is none is refused before sending.
    llm = _llm(plugins=[{"id": "web", "x_search": {"from_date": "2026-01-31", "to_date": date(2026, 2, 1)}}])
    assert settings_body(llm)["plugins"] == [
        {"id": "web", "x_search": {"from_date": "2026-01-31", "to_date": "2026-02-01"}}
    ]
    with pytest.raises(ValidationError, match="from_date"):
        _llm(plugins=[{"id": "web", "x_search": {"from_date": "aZ  ZZ"}}])
