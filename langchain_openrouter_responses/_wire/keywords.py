"""Which setting a keyword names: constructor extras, `model_kwargs` entries and a call's keywords.

A setting means the same wherever it is given. A `model_kwargs` entry or a call keyword that names
one of the chat model's settings (by field name or alias) is validated as that setting and sent
as the constructor would send it; other keywords are request body fields, sent as given.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Annotated, Any

from langchain_core.language_models import BaseChatModel
from pydantic import TypeAdapter, ValidationError

from langchain_openrouter_responses._wire.body import KEYWORD_ALIASES, reject_stateful, settings_body

MODEL_ONLY_SETTINGS = frozenset(
    {
        *("max_connections", "http_client", "http_async_client", "stream_chunk_timeout", "stream_chunk_coalesce"),
        *("allow_insecure_base_url", "streaming", "app_url", "app_title", "app_categories", "routing_metadata"),
        "http_async_transport",
    }
)
"""Settings of the model and its HTTP clients that one call cannot change (the clients' own
per-call keywords, `api_key`, `base_url`, `timeout`, `max_retries`, `default_headers`, can)."""


@functools.cache
def model_settings(model_class: type[BaseChatModel]) -> dict[str, str]:
    """Return each setting a chat model class adds to `BaseChatModel`, by name and alias, → its field.

    Args:
        model_class: The chat model class.

    Returns:
        Field names and aliases mapped to field names (`model_kwargs` excluded).
    """
    own = {name: info for name, info in model_class.model_fields.items() if name not in BaseChatModel.model_fields}
    own.pop("model_kwargs", None)
    return {**{name: name for name in own}, **{info.alias: name for name, info in own.items() if info.alias}}


def collect_extra_fields(
    values: dict[str, Any], known: set[str], settings: dict[str, str] | None = None
) -> dict[str, Any]:
    """Prepare a chat model's constructor arguments: `id=` as the model, unknown keys into `model_kwargs`.

    Unknown keys are sent in the request body as given, with a warning (stateful keys are refused).
    A `model_kwargs` key that names one of the model's own settings becomes that setting, so
    `model_kwargs={"stop_sequences": [...]}` or `{"timeout": 5}` means what the argument means.

    Args:
        values: The constructor's keyword arguments.
        known: The model's field names and aliases.
        settings: The model's own settings (see `model_settings`).

    Returns:
        The arguments to validate.

    Raises:
        ValueError: Both `model=` and `id=`, a setting given twice, or a stateful key such as
            `previous_response_id`.
    """
    values = dict(values)
    if "id" in values:
        model_id = values.pop("id")
        if "model" in values or "model_name" in values:
            raise ValueError("Pass the model as model= or id=, not both.")
        values["model"] = model_id
    if settings and isinstance(values.get("model_kwargs"), dict):
        values["model_kwargs"] = _hoist_settings(values, values["model_kwargs"], settings)
    extra = {key: values.pop(key) for key in list(values) if key not in known}
    reject_stateful(extra)
    if extra:
        warnings.warn(
            f"{sorted(extra)} are not ChatOpenRouterResponses fields; they will be sent in "
            "the request body as given. Pass them in model_kwargs= to silence this warning.",
            UserWarning,
            stacklevel=5,
        )
        values["model_kwargs"] = {**(values.get("model_kwargs") or {}), **extra}
    return values


def _hoist_settings(values: dict[str, Any], model_kwargs: dict[str, Any], settings: dict[str, str]) -> dict[str, Any]:
    """Move the `model_kwargs` entries that name a setting into `values`; return the rest."""
    given = {settings[key]: repr(key) for key in values if key in settings}
    rest = {}
    for key, value in model_kwargs.items():
        field = settings.get(key)
        if field is None:
            rest[key] = value
            continue
        if field in given:
            raise ValueError(f"{given[field]} and model_kwargs[{key!r}] both set {field!r}; pass it only once.")
        given[field] = f"model_kwargs[{key!r}]"
        values[key] = value
    return rest


def call_settings(llm: BaseChatModel, keywords: dict[str, Any]) -> dict[str, Any]:
    """Validate a call's keywords that name settings, as the constructor would, in body field names.

    `temperature=1` goes out as `1.0`, `stop="END"` as `["END"]`, `max_output_tokens=` as
    `max_output_tokens`, `provider={...}` checked against `ProviderPreferences`, exactly as
    the same values given to the constructor. Other keywords are returned unchanged.

    Args:
        llm: The chat model.
        keywords: The call's body keywords (client keywords already taken out).

    Returns:
        The keywords, settings replaced by their body fields (None: unset for this call).

    Raises:
        ValueError: A value is invalid for its setting (a `pydantic.ValidationError`), one setting
            is given under two names, or the setting cannot change per call.
    """
    settings = model_settings(type(llm))
    given = {key: settings[key] for key in keywords if key in settings}
    if not given:
        return keywords
    _check_once(given)
    values = {field: _validated(type(llm), key, field, keywords[key]) for key, field in given.items()}
    fields = settings_body(_blank(type(llm)).model_copy(update=values))
    converted = {key: value for key, value in keywords.items() if key not in given}
    for field in given.values():
        wire = KEYWORD_ALIASES.get(field, field)
        converted[wire] = fields.get(wire)
    return converted


@functools.cache
def _blank(model_class: type[BaseChatModel]) -> BaseChatModel:
    """A model with every setting at its default, built once, to read call settings through `settings_body`."""
    return model_class.model_construct()


def _validated(model_class: type[BaseChatModel], key: str, field: str, value: Any) -> Any:
    if field in MODEL_ONLY_SETTINGS:
        raise ValueError(
            f"{key} is a setting of the model and its HTTP clients, not of one call; "
            f"set it on the model instead: ChatOpenRouterResponses({key}=...)."
        )
    try:
        return field_validator(model_class, field)(value)
    except ValidationError as error:
        problems = "; ".join(_describe(problem) for problem in error.errors())
        raise ValueError(f"{key}={value!r} is not a valid {field}: {problems}") from error


def _describe(problem: Any) -> str:
    location = ".".join(str(part) for part in problem["loc"])
    return f"{location}: {problem['msg']}" if location else str(problem["msg"])


@functools.cache
def field_validator(model_class: type[BaseChatModel], field: str) -> Callable[[Any], Any]:
    """Return the constructor's validation of one field: its type, constraints and field validators.

    Args:
        model_class: The chat model class.
        field: A field name.

    Returns:
        A function from a value to the validated value (raising `pydantic.ValidationError`).
    """
    info = model_class.model_fields[field]
    annotation: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    adapter: TypeAdapter[Any] = TypeAdapter(annotation)
    checks = [
        check for check in model_class.__pydantic_decorators__.field_validators.values() if field in check.info.fields
    ]
    before = [getattr(model_class, check.cls_var_name) for check in checks if check.info.mode == "before"]
    after = [getattr(model_class, check.cls_var_name) for check in checks if check.info.mode == "after"]

    def validate(value: Any) -> Any:
        for check in before:
            value = check(value)
        value = adapter.validate_python(value)
        for check in after:
            value = check(value)
        return value

    return validate


def _check_once(given: dict[str, str]) -> None:
    named_by: dict[str, str] = {}
    for key, field in given.items():
        if field in named_by:
            raise ValueError(f"{named_by[field]!r} and {key!r} both set {field!r}; pass only one of them.")
        named_by[field] = key
