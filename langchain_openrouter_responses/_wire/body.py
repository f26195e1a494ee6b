"""Model settings and per-call keywords → an OpenRouter Responses request body.

Pure functions over plain dicts: validation of model ids and reasoning settings, the body's
fields, tools and text format, and the `include` that reasoning needs.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import (
    BaseMessage,
)

from langchain_openrouter_responses._open_options import UnknownOptionWarning, unknown_names_message
from langchain_openrouter_responses._wire.input import messages_to_input
from langchain_openrouter_responses._wire.response import PROVIDER
from langchain_openrouter_responses._wire.tools import flatten_tools, format_tool_choice, text_format
from langchain_openrouter_responses.settings import (
    body_value,
)

_REASONING_VALUES: dict[str, tuple[Any, ...]] = {
    "effort": ("none", "minimal", "low", "medium", "high", "xhigh", "max"),
    "summary": ("auto", "concise", "detailed"),
    "context": ("auto", "all_turns", "current_turn"),
    "mode": ("standard", "pro"),
}
_REASONING_KEYS = ("effort", "summary", "enabled", "max_tokens", "context", "mode")
ENCRYPTED_REASONING = "reasoning.encrypted_content"
_STATEFUL_KEYS = ("previous_response_id", "conversation", "use_previous_response_id")
KEYWORD_ALIASES = {
    "max_tokens": "max_output_tokens",
    "model_name": "model",
    "request_metadata": "metadata",
    "stop_sequences": "stop",
}
"""Setting names (field names and constructor aliases) whose body field has another name."""
BODY_FIELD_ORDER = (
    *("model", "models", "reasoning", "include", "temperature", "top_p", "max_output_tokens", "stop"),
    *("provider", "plugins", "session_id", "trace", "metadata", "user", "safety_identifier", "top_k"),
    *("frequency_penalty", "presence_penalty", "prompt_cache_key", "service_tier", "max_tool_calls"),
    *("truncation", "text", "cache_control", "prompt_cache_options", "modalities", "image_config"),
    *("stop_server_tools_when", "top_logprobs", "debug", "tools", "deferred_tools", "tool_choice"),
    *("parallel_tool_calls",),
)
"""Where the known fields go in a request body (other fields follow, by name; then `input`)."""


_MODEL_ID = re.compile(
    r"""
    ~?[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*(:[a-z0-9][a-z0-9._-]*)?  # [~]vendor/name[:variant]
    | @preset/[a-z0-9][a-z0-9._-]*                                       # a saved preset
    """,
    re.VERBOSE | re.IGNORECASE,
)


def validate_model(model: Any, parameter: str = "model") -> str:
    """Check that a model id has a form OpenRouter routes.

    Args:
        model: The id, e.g. `"openai/gpt-4o"`, `"meta-llama/llama-3.3-70b-instruct:free"`,
            `"openrouter/auto"`, `"~anthropic/claude-sonnet-latest"` or `"@preset/my-preset"`.
        parameter: The parameter's name, for the error message.

    Returns:
        The id.

    Raises:
        ValueError: The id is not a string of one of those forms (empty, blank, no vendor, ...).
    """
    if isinstance(model, str) and _MODEL_ID.fullmatch(model):
        return model
    raise ValueError(
        f"{parameter}={model!r} is not an OpenRouter model id. Use 'vendor/name' such as 'openai/gpt-4o', "
        "optionally with a ':variant' such as ':free' or ':online'; 'openrouter/auto'; a "
        "'~vendor/name-latest' alias; or a preset '@preset/name'."
    )


def validate_models(models: Any) -> list[str] | None:
    """Check each fallback model id (see `validate_model`).

    Args:
        models: None or a list of model ids.

    Returns:
        The list (None when unset).

    Raises:
        ValueError: `models` is not a list, or one entry is not a model id.
    """
    if models is None:
        return None
    if not isinstance(models, list | tuple):
        raise ValueError(f"models must be a list of model ids such as ['openai/gpt-4o'], got {models!r}.")  # noqa: TRY004 (pydantic reports ValueError only)
    return [validate_model(model, f"models[{position}]") for position, model in enumerate(models)]


def validate_reasoning(reasoning: Any) -> dict[str, Any] | None:
    """Check a `reasoning` setting against what OpenRouter accepts.

    Args:
        reasoning: None or a dict such as `{"effort": "high"}`.

    Returns:
        The dict (None when unset or empty, since some models reject `{}`).

    Raises:
        ValueError: A bad value of a known key, or both `effort` and `max_tokens`. An unknown
            key is sent as given, with an `UnknownOptionWarning` naming the closest known key.
    """
    if reasoning is None:
        return None
    if not isinstance(reasoning, dict):
        # ValueError, not TypeError: pydantic turns only ValueError into a ValidationError.
        raise ValueError(f"reasoning must be a dict such as {{'effort': 'high'}}, got {reasoning!r}.")  # noqa: TRY004
    unknown = sorted(set(reasoning) - set(_REASONING_KEYS))
    if unknown:
        # A key OpenRouter added since is sent as given; a misspelling shows in the warning.
        warnings.warn(unknown_names_message("reasoning", unknown, _REASONING_KEYS), UnknownOptionWarning, stacklevel=2)
    for key, allowed in _REASONING_VALUES.items():
        if key in reasoning and reasoning[key] is not None and reasoning[key] not in allowed:
            raise ValueError(f"reasoning[{key!r}]={reasoning[key]!r} is invalid; use one of {list(allowed)}.")
    if "enabled" in reasoning and not isinstance(reasoning["enabled"], bool):
        raise ValueError(f"reasoning['enabled'] must be True or False, got {reasoning['enabled']!r}.")
    budget = reasoning.get("max_tokens")
    if budget is not None and (isinstance(budget, bool) or not isinstance(budget, int) or budget <= 0):
        raise ValueError(f"reasoning['max_tokens'] must be a positive integer, got {budget!r}.")
    if reasoning.get("effort") is not None and budget is not None:
        raise ValueError("reasoning sets both 'effort' and 'max_tokens'; OpenRouter takes one or the other.")
    return dict(reasoning) or None


def reasoning_requested(reasoning: dict[str, Any] | None) -> bool:
    """Tell whether a reasoning setting asks the model to reason.

    Args:
        reasoning: A validated reasoning dict or None.

    Returns:
        False when unset, `enabled` is False or `effort` is "none".
    """
    if not reasoning:
        return False
    return reasoning.get("enabled") is not False and reasoning.get("effort") != "none"


def reject_stateful(params: dict[str, Any]) -> None:
    """Refuse parameters that only make sense for a stateful server.

    Args:
        params: Constructor extras or per-call keyword arguments.

    Raises:
        ValueError: `previous_response_id` (or similar) or `store=True` was given.
    """
    for key in _STATEFUL_KEYS:
        if params.get(key) not in (None, False):
            raise ValueError(
                f"{key} is not supported: OpenRouter's Responses API is stateless and keeps no "
                "responses. Pass the whole conversation instead (this model resends the history, "
                "including reasoning, on every call); use session_id for sticky routing."
            )
    if params.get("store"):
        raise ValueError(
            "store=True is not supported: OpenRouter's Responses API is stateless and rejects it. "
            "Leave store unset (False)."
        )


def keyword_fields(keywords: dict[str, Any]) -> dict[str, Any]:
    """Name request keywords (per call, bound, or `model_kwargs`) by their body fields.

    Aliases get their body name (`stop_sequences` → `stop`, `max_tokens` → `max_output_tokens`,
    ...). Values are taken as they are: the model validates and converts the keywords that name a
    setting once, before this (`_wire/keywords.py`: `call_settings`, and `model_kwargs` settings
    moved to their fields at construction).

    Args:
        keywords: Keywords in LangChain or wire names.

    Returns:
        The body fields, in wire names (None values kept: they unset a setting).

    Raises:
        ValueError: Two keywords name the same body field.
    """
    fields: dict[str, Any] = {}
    named_by: dict[str, str] = {}
    for key, value in keywords.items():
        field = KEYWORD_ALIASES.get(key, key)
        if field in named_by:
            raise ValueError(
                f"{named_by[field]!r} and {key!r} both set the request's {field!r}; pass only one of them."
            )
        named_by[field] = key
        fields[field] = value
    return fields


def build_body(
    defaults: dict[str, Any],
    messages: Sequence[BaseMessage],
    call_kwargs: dict[str, Any],
    *,
    stream: bool,
) -> dict[str, Any]:
    """Assemble the JSON body for `POST /responses`.

    Args:
        defaults: Body fields from the model's settings (already in wire names).
        messages: The conversation.
        call_kwargs: Per-call overrides, in LangChain or wire names.
        stream: Whether to ask for SSE.

    Returns:
        The request body.
    """
    body = dict(defaults)
    if call_kwargs:
        reject_stateful(call_kwargs)
        body.update(keyword_fields(call_kwargs))
    body = finish_fields(body)
    body["input"] = messages_to_input(messages)
    if stream:
        body["stream"] = True
    return body


def finish_fields(body: dict[str, Any]) -> dict[str, Any]:
    """Settle merged body fields into their wire form and a canonical key order.

    Unset fields are dropped, `verbosity` moves into `text`, reasoning adds its `include`,
    tools, tool choice and response format take their Responses shapes. Applying it twice
    changes nothing, and the result does not depend on where each setting came from.

    Args:
        body: Body fields from settings, `model_kwargs` and call keywords, merged.

    Returns:
        The fields, ordered: the settings in `BODY_FIELD_ORDER`, then any others by name.
    """
    body = dict(body)
    if "verbosity" in body:  # before unset fields go: a None verbosity clears `text.verbosity`
        _set_verbosity(body, body.pop("verbosity"))
    body = {key: value for key, value in body.items() if value is not None}
    if not body.get("stop"):
        body.pop("stop", None)
    add_reasoning_include(body)
    _convert_tool_settings(body)
    known = {key: body[key] for key in BODY_FIELD_ORDER if key in body}
    return known | {key: body[key] for key in sorted(body) if key not in known}


def _set_verbosity(body: dict[str, Any], verbosity: Any) -> None:
    text = {key: value for key, value in (body.get("text") or {}).items() if key != "verbosity"}
    if verbosity is not None:
        text["verbosity"] = verbosity
    if text:
        body["text"] = text
    else:
        body.pop("text", None)


def _convert_tool_settings(body: dict[str, Any]) -> None:
    if "tools" in body:
        tools = flatten_tools(body["tools"])
        if tools:
            body["tools"] = tools
        else:
            del body["tools"]
    if "tool_choice" in body:
        # The same conversion as `bind_tools`, so a choice means the same however it is given.
        choice = format_tool_choice(body["tool_choice"], body.get("tools", []))
        if choice is None:
            del body["tool_choice"]
        else:
            body["tool_choice"] = choice
    if "response_format" in body:
        text = dict(body.get("text") or {})
        text["format"] = text_format(body.pop("response_format"))
        body["text"] = text


def add_reasoning_include(body: dict[str, Any]) -> None:
    """Ask for encrypted reasoning whenever reasoning is on, so it can be replayed.

    Args:
        body: The request body, updated in place.
    """
    if not reasoning_requested(body.get("reasoning")):
        return
    include = list(body.get("include") or [])
    if ENCRYPTED_REASONING not in include:
        include.append(ENCRYPTED_REASONING)
    body["include"] = include


def settings_body(llm: Any) -> dict[str, Any]:
    """Return the request body fields a chat model's settings give, before the call's own.

    Args:
        llm: The `ChatOpenRouterResponses` instance (read for its settings only).

    Returns:
        The fields with `model` and every setting that is not None, then `model_kwargs`, in
        wire names; `build_body` settles them with the call's own (`finish_fields`).
    """
    body: dict[str, Any] = {"model": llm.model_name}
    optional = {
        "models": llm.models,
        "reasoning": llm.reasoning,
        "include": llm.include,
        "temperature": llm.temperature,
        "top_p": llm.top_p,
        "max_output_tokens": llm.max_tokens,
        "stop": llm.stop or None,
        "provider": body_value(llm.provider),
        "plugins": body_value(llm.plugins) or None,
        "session_id": llm.session_id,
        "trace": body_value(llm.trace),
        "deferred_tools": body_value(llm.deferred_tools),
        "metadata": llm.request_metadata,
        "user": llm.user,
        "safety_identifier": llm.safety_identifier,
        "top_k": llm.top_k,
        "frequency_penalty": llm.frequency_penalty,
        "presence_penalty": llm.presence_penalty,
        "prompt_cache_key": llm.prompt_cache_key,
        "service_tier": llm.service_tier,
        "max_tool_calls": llm.max_tool_calls,
        "truncation": llm.truncation,
        "verbosity": llm.verbosity,
        "cache_control": body_value(llm.cache_control),
        "prompt_cache_options": body_value(llm.prompt_cache_options),
        "modalities": llm.modalities,
        "image_config": body_value(llm.image_config),
        "stop_server_tools_when": body_value(llm.stop_server_tools_when),
        "top_logprobs": llm.top_logprobs,
        "debug": body_value(llm.debug),
    }
    body.update((key, value) for key, value in optional.items() if value is not None)
    body.update(keyword_fields(llm.model_kwargs))
    return body


def langsmith_params(llm: Any, stop: list[str] | None, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Return LangSmith's tracing parameters for a call (provider, model, temperature, limits, stops)."""
    call = {KEYWORD_ALIASES.get(key, key): value for key, value in kwargs.items()}  # any name of a setting
    params: dict[str, Any] = {
        "ls_provider": PROVIDER,
        "ls_model_name": str(call.get("model") or llm.model_name),
        "ls_model_type": "chat",
    }
    temperature = call.get("temperature", llm.temperature)
    if temperature is not None:
        params["ls_temperature"] = temperature
    max_tokens = call.get("max_output_tokens", llm.max_tokens)
    if max_tokens is not None:
        params["ls_max_tokens"] = max_tokens
    if stop_sequences := stop or call.get("stop") or llm.stop:
        params["ls_stop"] = [stop_sequences] if isinstance(stop_sequences, str) else list(stop_sequences)
    return params
