"""Hypothesis strategies for the chat model's settings, read from their pydantic field types.

`request_settings()` draws valid combinations of every setting that goes into the request body.
The settings are found by iterating the model class's fields (minus the client and model-only
ones), and each value is drawn from its field's annotation and constraints, recursing into the
typed settings' pydantic models. A setting added to the class is drawn with no change here; only a
field whose validity its type does not say (a model id's pattern, `reasoning`'s keys) needs a
hint in `HINTS`.
"""

from __future__ import annotations

import types
from datetime import date
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses._transport.calls import CLIENT_KWARGS
from langchain_openrouter_responses._wire.keywords import MODEL_ONLY_SETTINGS, model_settings
from langchain_openrouter_responses.routing import TYPED_PLUGINS
from langchain_openrouter_responses.settings import body_value

SETTINGS = model_settings(ChatOpenRouterResponses)
"""Every setting name and alias → its field."""
CLIENT_SETTINGS = {SETTINGS[name] for name in CLIENT_KWARGS if name in SETTINGS}
BODY_SETTINGS = sorted({*SETTINGS.values()} - CLIENT_SETTINGS - MODEL_ONLY_SETTINGS)
"""The fields that become request body fields, drawn by `request_settings`."""
ALIASES = {field: name for name, field in SETTINGS.items() if name != field}
"""A field's other name (`stop` → `stop_sequences`, ...)."""

_TEXT = st.text(alphabet="abcXYZ019-_ é", min_size=1, max_size=6)
_JSON_SCALARS = st.one_of(st.booleans(), st.integers(-5, 5), _TEXT, st.none())

HINTS: dict[str, st.SearchStrategy[Any]] = {
    "model_name": st.sampled_from(["openai/gpt-4o-mini", "anthropic/claude-sonnet-4", "openrouter/auto"]),
    "models": st.lists(st.sampled_from(["openai/gpt-4o", "google/gemini-2.5-flash"]), min_size=1, max_size=2),
    "reasoning": st.one_of(
        st.fixed_dictionaries({"effort": st.sampled_from(["low", "high", "none"])}),
        st.fixed_dictionaries({"max_tokens": st.integers(1, 2000)}, optional={"enabled": st.booleans()}),
        st.fixed_dictionaries({}, optional={"summary": st.sampled_from(["auto", "concise"]), "enabled": st.booleans()}),
    ),
    "store": st.just(False),
}
"""Fields whose valid values their type does not describe."""


def _known_plugins() -> st.SearchStrategy[Any]:
    # The plugin type takes any id (an id OpenRouter added since is sent with a warning, and the
    # plugins passed through have required options of their own); draw the typed plugins, which
    # OpenRouter's schema takes.
    typed = [for_model(plugin) for plugin in TYPED_PLUGINS.values()]
    return st.lists(st.one_of(*typed), min_size=1, max_size=2, unique_by=_plugin_id)


def _plugin_id(plugin: Any) -> Any:
    return plugin["id"] if isinstance(plugin, dict) else plugin.id


def for_annotation(annotation: Any, constraints: tuple[Any, ...] = ()) -> st.SearchStrategy[Any]:
    """Draw valid values of a pydantic field annotation (models, unions, literals, lists, dicts, scalars)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *metadata = get_args(annotation)
        return for_annotation(base, (*constraints, *metadata))
    if origin in (Union, types.UnionType):
        options = [arg for arg in get_args(annotation) if arg is not type(None)]
        return st.one_of([for_annotation(option, constraints) for option in options])
    if origin is Literal:
        return st.sampled_from(get_args(annotation))
    if origin in (list, dict):
        return _container(annotation, constraints)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return for_model(annotation)
    return _scalar(annotation, constraints)


def _container(annotation: Any, constraints: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    if get_origin(annotation) is list:
        entries = for_annotation(get_args(annotation)[0])
        return st.lists(entries, min_size=_bound(constraints, "min_length", 1), max_size=2)
    return st.dictionaries(_TEXT, for_annotation(get_args(annotation)[1]), min_size=1, max_size=2)


def _scalar(annotation: Any, constraints: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    low, high = _bound(constraints, "low", None), _bound(constraints, "high", None)
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        return st.integers(1 if low is None else low, 50 if high is None else high)
    if annotation is float:  # an int is a valid float setting too (and must go out as the float)
        low = 0 if low is None else low
        high = 2 if high is None else high
        floats = st.floats(low, high, allow_nan=False, exclude_min=_exclusive_low(constraints))
        return st.one_of(floats, st.integers(int(low) + 1, int(high)))
    if annotation is str:
        return _TEXT
    if annotation is date:
        return st.dates()
    if annotation is Any:
        return _JSON_SCALARS
    raise TypeError(f"no strategy for {annotation!r}: add one to settings_strategies.py")


def _bound(constraints: tuple[Any, ...], kind: str, default: Any) -> Any:
    for constraint in constraints:
        if kind == "low" and isinstance(constraint, annotated_types.Ge | annotated_types.Gt):
            return getattr(constraint, "ge", getattr(constraint, "gt", None))
        if kind == "high" and isinstance(constraint, annotated_types.Le):
            return constraint.le
        if kind == "min_length" and isinstance(constraint, annotated_types.MinLen):
            return constraint.min_length
    return default


def _exclusive_low(constraints: tuple[Any, ...]) -> bool:
    return any(isinstance(constraint, annotated_types.Gt) for constraint in constraints)


def for_field(info: FieldInfo) -> st.SearchStrategy[Any]:
    """Draw valid values of one field (its annotation and constraints)."""
    return for_annotation(info.annotation, tuple(info.metadata))


@st.composite
def _model_instance(draw: st.DrawFn, model: type[BaseModel]) -> BaseModel:
    required = {name: for_field(info) for name, info in model.model_fields.items() if info.is_required()}
    optional = {name: for_field(info) for name, info in model.model_fields.items() if not info.is_required()}
    values = draw(st.fixed_dictionaries(required, optional=optional))
    try:
        return model.model_validate(values)
    except ValidationError:  # a rule beyond the field types (e.g. a plugin id's spaces)
        draw(st.nothing())
        raise


def for_model(model: type[BaseModel]) -> st.SearchStrategy[Any]:
    """Draw instances of a settings model, given either as the model or as its plain dict."""
    instances = _model_instance(model)
    return st.one_of(instances, instances.map(body_value))


def setting_values(field: str) -> st.SearchStrategy[Any]:
    """Draw a valid value of one body setting of `ChatOpenRouterResponses`."""
    if field in HINTS:
        return HINTS[field]
    if field == "plugins":
        return _known_plugins()
    return for_field(ChatOpenRouterResponses.model_fields[field])


def request_settings(min_size: int = 1, max_size: int = 6) -> st.SearchStrategy[dict[str, Any]]:
    """Draw a valid combination of body settings: field name → value."""
    return st.lists(st.sampled_from(BODY_SETTINGS), min_size=min_size, max_size=max_size, unique=True).flatmap(
        lambda fields: st.fixed_dictionaries({field: setting_values(field) for field in fields})
    )
