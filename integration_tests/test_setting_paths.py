"""One meaning per setting: the constructor, `.bind`, a call's keywords and `model_kwargs` agree.

Each test sends the same setting along every path to the emulator and compares the request body
bytes it received (or the failure it raised). Random combinations are drawn in
`test_settings_generator.py`; these are the cases issue 21 reported.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import pickle
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.exceptions import ModelTimeoutError
from langchain_core.load import dumpd, dumps, load

from integration_tests.helpers import TOOLS
from langchain_openrouter_responses import ChatOpenRouterResponses, OpenRouterError
from langchain_openrouter_responses.emulator import Emulator, Reply, text_item
from langchain_openrouter_responses.routing import FileParserPlugin, PdfOptions, ProviderPreferences, ProviderSort
from langchain_openrouter_responses.settings import (
    CacheControl,
    DebugOptions,
    ImageConfig,
    MaxCost,
    PromptCacheOptions,
    StepCountIs,
)

Send = Callable[[], Any]


def bodies(emulator: Emulator, sends: dict[str, Send]) -> dict[str, bytes]:
    """Each path's request body, as the emulator received it."""
    received = {}
    for path, send in sends.items():
        send()
        received[path] = emulator.requests[-1].body
    return received


def assert_one_body(received: dict[str, bytes]) -> None:
    (first_path, first), *rest = received.items()
    for path, body in rest:
        assert body == first, f"{path} sent {body!r}, {first_path} sent {first!r}"


@pytest.mark.parametrize(
    ("choice", "wire"),
    [
        ("any", "required"),
        (True, "required"),
        ("required", "required"),
        ("auto", "auto"),
        ("none", "none"),
        ("add", {"type": "function", "name": "add"}),
        ({"type": "function", "function": {"name": "add"}}, {"type": "function", "name": "add"}),
        ({"type": "function", "name": "multiply"}, {"type": "function", "name": "multiply"}),
    ],
)
def test_tool_choice_reaches_the_wire_as_bind_tools_sends_it(
    emulator: Emulator, make_llm: Any, choice: Any, wire: Any
) -> None:
    llm = make_llm()
    with_tools = llm.bind_tools(TOOLS)
    received = bodies(
        emulator,
        {
            "bind_tools": lambda: llm.bind_tools(TOOLS, tool_choice=choice).invoke("hi"),
            "per call": lambda: llm.invoke("hi", tools=TOOLS, tool_choice=choice),
            "bind": lambda: llm.bind(tools=TOOLS, tool_choice=choice).invoke("hi"),
            "bound tools, per-call choice": lambda: with_tools.invoke("hi", tool_choice=choice),
            "model_kwargs": lambda: make_llm(model_kwargs={"tool_choice": choice}).bind_tools(TOOLS).invoke("hi"),
            "unknown constructor key": lambda: _warned(make_llm, tool_choice=choice).bind_tools(TOOLS).invoke("hi"),
        },
    )
    assert_one_body(received)
    assert json.loads(received["per call"])["tool_choice"] == wire


def _warned(make_llm: Any, **settings: Any) -> ChatOpenRouterResponses:
    with pytest.warns(UserWarning, match="not ChatOpenRouterResponses fields"):
        return make_llm(**settings)  # type: ignore[no-any-return]


@pytest.mark.parametrize("choice", ["divide", False, 3, ""])
def test_an_invalid_tool_choice_fails_alike_on_every_path(emulator: Emulator, make_llm: Any, choice: Any) -> None:
    llm = make_llm()
    sends: dict[str, Send] = {
        "bind_tools": lambda: llm.bind_tools(TOOLS, tool_choice=choice).invoke("hi"),
        "per call": lambda: llm.invoke("hi", tools=TOOLS, tool_choice=choice),
        "bind": lambda: llm.bind(tools=TOOLS, tool_choice=choice).invoke("hi"),
        "model_kwargs": lambda: make_llm(model_kwargs={"tool_choice": choice}).bind_tools(TOOLS).invoke("hi"),
    }
    messages = set()
    for send in sends.values():
        with pytest.raises(ValueError, match="tool_choice=") as caught:
            send()
        messages.add(str(caught.value))
    assert len(messages) == 1, messages
    assert emulator.requests == []


@pytest.mark.parametrize(
    ("alias", "field", "value"),
    [
        ("stop_sequences", "stop", ["END"]),
        ("stop_sequences", "stop", "END"),
        ("max_output_tokens", "max_tokens", 7),
        ("model", "model_name", "anthropic/claude-sonnet-4"),
    ],
)
def test_each_constructor_alias_means_the_same_everywhere(
    emulator: Emulator, make_llm: Any, alias: str, field: str, value: Any
) -> None:
    llm = make_llm()
    sends: dict[str, Send] = {}
    for name in (alias, field):
        sends |= {
            f"constructor {name}": lambda name=name: make_llm(**{name: value}).invoke("hi"),
            f"per call {name}": lambda name=name: llm.invoke("hi", **{name: value}),
            f"bound {name}": lambda name=name: llm.bind(**{name: value}).invoke("hi"),
            f"model_kwargs {name}": lambda name=name: make_llm(model_kwargs={name: value}).invoke("hi"),
        }
    received = bodies(emulator, sends)
    assert_one_body(received)
    wire_name = {"stop": "stop", "max_tokens": "max_output_tokens", "model_name": "model"}[field]
    assert json.loads(received[f"per call {alias}"])[wire_name] == ([value] if value == "END" else value)
    assert alias not in json.loads(received[f"per call {alias}"]) or alias == wire_name


def test_invoke_stop_and_a_stop_sequences_keyword_together_are_refused(make_llm: Any) -> None:
    with pytest.raises(ValueError, match="stop= and stop_sequences= both give the stop sequences"):
        make_llm().invoke("hi", stop_sequences=["a"], stop=["b"])


def test_a_setting_given_directly_and_in_model_kwargs_is_refused(make_llm: Any) -> None:
    with pytest.raises(ValueError, match=r"'stop' and model_kwargs\['stop_sequences'\] both set 'stop'"):
        make_llm(stop=["a"], model_kwargs={"stop_sequences": ["b"]})


@pytest.mark.parametrize(
    "path",
    [
        "constructor timeout",
        "constructor request_timeout",
        "per call httpx.Timeout",
        "per call request_timeout",
        "bound httpx.Timeout",
        "model_kwargs request_timeout",
        "async per call httpx.Timeout",
        "stream per call httpx.Timeout",
    ],
)
def test_a_timeout_means_the_same_on_every_path(emulator: Emulator, make_llm: Any, path: str) -> None:
    llm = make_llm(stream_chunk_timeout=0.5) if path.startswith("stream") else make_llm()
    sends: dict[str, Send] = {
        "constructor timeout": lambda: make_llm(timeout=0.5).invoke("hi"),
        "constructor request_timeout": lambda: make_llm(request_timeout=0.5).invoke("hi"),
        "per call httpx.Timeout": lambda: llm.invoke("hi", timeout=httpx.Timeout(0.5)),
        "per call request_timeout": lambda: llm.invoke("hi", request_timeout=0.5),
        "bound httpx.Timeout": lambda: llm.bind(timeout=httpx.Timeout(0.5)).invoke("hi"),
        "model_kwargs request_timeout": lambda: make_llm(model_kwargs={"request_timeout": 0.5}).invoke("hi"),
        "async per call httpx.Timeout": lambda: asyncio.run(llm.ainvoke("hi", timeout=httpx.Timeout(0.5))),
        "stream per call httpx.Timeout": lambda: list(llm.stream("hi", timeout=httpx.Timeout(10, connect=2))),
    }
    if path.startswith("stream"):  # the chunk timeout replaces the read part of the call's Timeout
        emulator.queue(Reply([text_item("a b c d")], delta_size=2, event_delay=2.0, keepalive_comments=0))
    else:
        emulator.queue(Reply([text_item("late")], delay=3.0))
    started = time.monotonic()
    with pytest.raises(ModelTimeoutError):
        sends[path]()
    assert time.monotonic() - started < 1.9
    assert b"timeout" not in emulator.requests[0].body


def test_an_api_key_in_model_kwargs_is_the_key_not_a_body_field(emulator: Emulator) -> None:
    llm = ChatOpenRouterResponses(base_url=emulator.base_url, max_retries=0, model_kwargs={"api_key": emulator.api_key})
    llm.invoke("hi")
    request = emulator.requests[0]
    assert request.bearer == emulator.api_key
    assert emulator.api_key.encode() not in request.body
    assert emulator.api_key not in dumps(llm)


EVERY_TYPED_SETTING: dict[str, Any] = {
    "provider": ProviderPreferences(order=["anthropic"], sort=ProviderSort(by="price"), allow_fallbacks=False),
    "plugins": [FileParserPlugin(pdf=PdfOptions(engine="native"), enabled=None), {"id": "fusion", "rounds": 2}],
    "cache_control": CacheControl(ttl="1h"),
    "image_config": ImageConfig(aspect_ratio="16:9", quality="high"),
    "stop_server_tools_when": [StepCountIs(step_count=2), MaxCost(max_cost_in_dollars=0.5)],
    "debug": DebugOptions(echo_upstream_body=True),
    "prompt_cache_options": PromptCacheOptions(ttl="30m"),
    "reasoning": {"effort": "low"},
    "verbosity": "low",
    "stop": ["END"],
    "max_tokens": 50,
    "request_metadata": {"team": "a"},
    "model_kwargs": {"tool_choice": "auto", "text": {"format": {"type": "json_object"}}},
    "app_title": "Paths",
    "timeout": 30.0,
}


def load_model(serialized: Any, key: str) -> ChatOpenRouterResponses:
    loaded = load(
        serialized,
        allowed_objects=[ChatOpenRouterResponses],
        valid_namespaces=["langchain_openrouter_responses"],
        secrets_map={"OPENROUTER_API_KEY": key},
    )
    assert isinstance(loaded, ChatOpenRouterResponses)
    return loaded


def test_dumpd_load_and_pickle_keep_every_typed_setting(emulator: Emulator, make_llm: Any) -> None:
    llm = make_llm(**EVERY_TYPED_SETTING)
    serialized = dumpd(llm)
    text = json.dumps(serialized)
    assert "not_implemented" not in text
    assert emulator.api_key not in text
    copies = {
        "dumpd/load": load_model(serialized, emulator.api_key),
        "dumps/load": load_model(json.loads(dumps(llm)), emulator.api_key),
        "pickle": pickle.loads(pickle.dumps(llm)),  # noqa: S301 (our own bytes)
    }
    received = bodies(
        emulator,
        {"original": lambda: list(llm.stream("hi"))}
        | {name: lambda copy=copy: list(copy.stream("hi")) for name, copy in copies.items()},
    )
    assert_one_body(received)
    assert {request.headers["x-openrouter-title"] for request in emulator.requests} == {"Paths"}
    for copy in copies.values():
        assert copy.provider == llm.provider
        assert copy.plugins == llm.plugins
        assert copy.stop_server_tools_when == llm.stop_server_tools_when


@pytest.mark.parametrize(
    ("name", "value"),
    [("temperature", 1), ("top_logprobs", 3), ("provider", {"sort": "price"}), ("verbosity", "high"), ("store", False)],
)
def test_a_call_keyword_is_coerced_like_its_setting(emulator: Emulator, make_llm: Any, name: str, value: Any) -> None:
    llm = make_llm()
    received = bodies(
        emulator,
        {
            "constructor": lambda: make_llm(**{name: value}).invoke("hi"),
            "per call": lambda: llm.invoke("hi", **{name: value}),
            "bound": lambda: llm.bind(**{name: value}).invoke("hi"),
            "model_kwargs": lambda: make_llm(model_kwargs={name: value}).invoke("hi"),
        },
    )
    assert_one_body(received)


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("top_logprobs", 30, "less than or equal to 20"),
        ("max_tokens", 0, "max_tokens must be a positive integer"),
        ("reasoning", {"effort": "extreme"}, "reasoning\\['effort'\\]='extreme' is invalid"),
        ("verbosity", "loud", "verbosity"),
        ("provider", {"order": "anthropic"}, "order"),
    ],
)
def test_an_invalid_call_keyword_fails_like_the_constructor(
    emulator: Emulator, make_llm: Any, name: str, value: Any, fragment: str
) -> None:
    with pytest.raises(ValueError, match=fragment):
        make_llm(**{name: value})
    with pytest.raises(ValueError, match=fragment):
        make_llm().invoke("hi", **{name: value})
    assert emulator.requests == []


@pytest.mark.parametrize("name", ["stream_chunk_timeout", "app_title", "max_connections", "http_async_transport"])
def test_a_model_only_setting_per_call_is_refused(emulator: Emulator, make_llm: Any, name: str) -> None:
    with pytest.raises(ValueError, match=f"{name} is a setting of the model and its HTTP clients, not of one call"):
        make_llm().invoke("hi", **{name: 1})
    assert emulator.requests == []


class TracedParams(BaseCallbackHandler):
    """Keeps the LangSmith parameters core puts in each chat model run's metadata."""

    def __init__(self) -> None:
        self.runs: list[dict[str, Any]] = []

    def on_chat_model_start(self, serialized: Any, messages: Any, **kwargs: Any) -> None:
        self.runs.append({key: value for key, value in kwargs["metadata"].items() if key.startswith("ls_")})


@pytest.mark.parametrize(
    ("alias", "field", "value"),
    [("stop_sequences", "stop", ["END"]), ("max_output_tokens", "max_tokens", 7), ("model", "model_name", "a/b")],
)
def test_traced_parameters_read_either_name_of_a_setting(
    emulator: Emulator, make_llm: Any, alias: str, field: str, value: Any
) -> None:
    traced = TracedParams()
    for name in (alias, field):
        with contextlib.suppress(OpenRouterError):  # the emulator does not serve a/b
            make_llm().invoke("hi", config={"callbacks": [traced]}, **{name: value})
    assert traced.runs[0] == traced.runs[1]
    assert value in traced.runs[0].values()
