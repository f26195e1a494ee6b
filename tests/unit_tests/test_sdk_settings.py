"""Typed settings accept everything OpenRouter's SDK defines, and send it unchanged.

For each OpenRouter object the package types (every plugin, `provider`, `reasoning`,
`prompt_cache_options`, `cache_control`, `debug`, each stop condition), a maximal instance is built
from the SDK's pydantic model by introspection (every optional field filled with a valid value),
then passed to the constructor and per call: the request body must carry it unchanged, with no
warning. Each literal value of each field is tried the same way, one at a time.
"""

from __future__ import annotations

import datetime as dt
import importlib
import types
import typing
import warnings
from typing import Any

import pydantic
import pytest
from langchain_core.messages import HumanMessage
from openrouter import components

from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses._wire.body import build_body, settings_body

REQUEST = importlib.import_module("openrouter.components.responsesrequest")
EXCLUSIVE: dict[str, set[str]] = {"reasoning": {"max_tokens"}}
"""Fields left out of the maximal instance because the package refuses them together with another:
`reasoning.effort` and `reasoning.max_tokens` (OpenRouter takes one or the other; each is tried
alone below)."""


def _strip(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif hasattr(origin, "__value__"):  # a generic alias such as OptionalNullable[bool]
            annotation = origin.__value__[typing.get_args(annotation)]
        elif hasattr(annotation, "__value__"):
            annotation = annotation.__value__
        else:
            return annotation


def _options(annotation: Any) -> list[Any]:
    """The alternatives of a union (None, UNSET and open-string fallbacks dropped)."""
    annotation = _strip(annotation)
    if typing.get_origin(annotation) in {typing.Union, types.UnionType}:
        found = []
        for arg in typing.get_args(annotation):
            member = _strip(arg)
            if member is type(None) or getattr(member, "__name__", "") in {"Unset", "UnrecognizedStr"}:
                continue
            found += _options(member)
        return found
    return [annotation]


def sample(annotation: Any) -> Any:
    """A valid JSON value for an SDK annotation (models get every field)."""
    option = _options(annotation)[0]
    origin = typing.get_origin(option)
    if origin is typing.Literal:
        return typing.get_args(option)[0]
    if origin in {list, typing.List}:  # noqa: UP006
        return [sample(typing.get_args(option)[0])]
    if origin in {dict, typing.Dict}:  # noqa: UP006
        return {"key": sample(typing.get_args(option)[1])}
    if isinstance(option, type) and issubclass(option, pydantic.BaseModel):
        return maximal(option)
    return {bool: True, int: 1, float: 0.5, str: "x", dt.date: "2026-01-31"}.get(option, "x")


def maximal(model: type[pydantic.BaseModel], leave_out: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
    """Every field of `model` with a valid value."""
    return {
        field.alias or name: sample(field.annotation)
        for name, field in model.model_fields.items()
        if (field.alias or name) not in leave_out
    }


def literal_variants(model: type[pydantic.BaseModel], base: dict[str, Any]) -> list[dict[str, Any]]:
    """`base` with one field set to each other literal value the SDK allows for it."""
    variants = []
    for name, field in model.model_fields.items():
        for option in _options(field.annotation):
            if typing.get_origin(option) is typing.Literal and name not in {"id", "type"}:
                variants += [{**base, field.alias or name: value} for value in typing.get_args(option)[1:]]
    return variants


def _plugins() -> list[type[pydantic.BaseModel]]:
    union = _strip(REQUEST.ResponsesRequestPlugin)
    return [_strip(member) for member in typing.get_args(union)]


def _stop_conditions() -> list[type[pydantic.BaseModel]]:
    field = components.ResponsesRequest.model_fields["stop_server_tools_when"]
    union = _strip(typing.get_args(_options(field.annotation)[0])[0])
    return [_strip(member) for member in typing.get_args(union)]


CASES: list[tuple[str, str, type[pydantic.BaseModel]]] = [
    *[("plugins", f"plugin {model.__name__}", model) for model in _plugins()],
    ("provider", "provider", components.ProviderPreferences),
    ("reasoning", "reasoning", REQUEST.ReasoningConfig),
    ("prompt_cache_options", "prompt_cache_options", components.PromptCacheOptions),
    ("cache_control", "cache_control", components.AnthropicCacheControlDirective),
    ("debug", "debug", components.ChatDebugOptions),
    *[("stop_server_tools_when", f"stop condition {model.__name__}", model) for model in _stop_conditions()],
]
LISTS = {"plugins", "stop_server_tools_when"}


def _instances(setting: str, model: type[pydantic.BaseModel]) -> list[dict[str, Any]]:
    base = maximal(model, EXCLUSIVE.get(setting, set()))
    return [
        base,
        *literal_variants(model, base),
        *({key: sample_for(model, key)} for key in EXCLUSIVE.get(setting, ())),
    ]


def sample_for(model: type[pydantic.BaseModel], key: str) -> Any:
    return sample(model.model_fields[key].annotation)


@pytest.mark.parametrize(("setting", "label", "model"), CASES, ids=[label for _, label, _ in CASES])
def test_a_maximal_sdk_instance_passes_through_unchanged(
    setting: str, label: str, model: type[pydantic.BaseModel]
) -> None:
    for instance in _instances(setting, model):
        value = [instance] if setting in LISTS else instance
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            llm = ChatOpenRouterResponses(api_key="sk-or-test", **{setting: value})
            assert settings_body(llm)[setting] == value, label
            body = build_body({}, [HumanMessage("hi")], {setting: value}, stream=False)
        assert body[setting] == value, label


def test_the_generator_fills_every_field() -> None:
    auto_router = maximal(components.AutoRouterPlugin)
    assert set(auto_router) == {field.alias or name for name, field in components.AutoRouterPlugin.model_fields.items()}
    assert auto_router["id"] == "auto-router"
    assert isinstance(maximal(components.WebSearchPlugin)["x_search"], dict)
