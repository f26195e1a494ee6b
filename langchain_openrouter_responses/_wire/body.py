"""Model settings and per-call keywords → an OpenRouter Responses request body.

Pure functions over plain dicts: validation of model ids and reasoning settings, the body's
fields, tools and text format, and the `include` that reasoning needs.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.messages import (
    BaseMessage,
)

from langchain_openrouter_responses._open_options import UnknownOptionWarning, unknown_names_message
from langchain_openrouter_responses._wire.input import messages_to_input
from langchain_openrouter_responses._wire.response import PROVIDER
from langchain_openrouter_responses._wire.tools import flatten_tool_choice, flatten_tools, text_format
from langchain_openrouter_responses.routing import ProviderPreferences, plugins_body
from langchain_openrouter_responses.settings import (
    CacheControl,
    DebugOptions,
    ImageConfig,
    PromptCacheOptions,
    body_value,
    stop_conditions,
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
_CALL_KEY_ALIASES = {"max_tokens": "max_output_tokens", "model_name": "model", "request_metadata": "metadata"}


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


def _provider_body(value: Any) -> Any:
    return ProviderPreferences.model_validate(value).to_body() if value is not None else None


def _plugins_body(value: Any) -> Any:
    return plugins_body(value) if value is not None else None


def _stop_conditions_body(value: Any) -> Any:
    return body_value(stop_conditions(value)) if value is not None else None


def _model_body(model: type[CacheControl | PromptCacheOptions | ImageConfig | DebugOptions]) -> Callable[[Any], Any]:
    return lambda value: body_value(model.model_validate(value)) if value is not None else None


_CALL_VALUE_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "cache_control": _model_body(CacheControl),
    "prompt_cache_options": _model_body(PromptCacheOptions),
    "image_config": _model_body(ImageConfig),
    "debug": _model_body(DebugOptions),
    "stop_server_tools_when": _stop_conditions_body,
    "model": validate_model,
    "model_name": validate_model,
    "models": validate_models,
    "provider": _provider_body,
    "plugins": _plugins_body,
    "reasoning": validate_reasoning,
}


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
        for key, value in call_kwargs.items():
            convert = _CALL_VALUE_CONVERTERS.get(key)
            body[_CALL_KEY_ALIASES.get(key, key)] = convert(value) if convert else value
        if "verbosity" in body:
            _set_verbosity(body, body.pop("verbosity"))
        if isinstance(body.get("stop"), str):
            body["stop"] = [body["stop"]]
        if not body.get("stop"):
            body.pop("stop", None)
        for key in [k for k, v in body.items() if v is None]:
            del body[key]
        add_reasoning_include(body)
    _convert_tool_settings(body)
    body["input"] = messages_to_input(messages)
    if stream:
        body["stream"] = True
    return body


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
        body["tool_choice"] = flatten_tool_choice(body["tool_choice"])
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


def collect_extra_fields(values: dict[str, Any], known: set[str]) -> dict[str, Any]:
    """Prepare a chat model's constructor arguments: `id=` as the model, unknown keys into `model_kwargs`.

    Unknown keys are sent in the request body as given, with a warning (stateful keys are refused).

    Args:
        values: The constructor's keyword arguments.
        known: The model's field names and aliases.

    Returns:
        The arguments to validate.

    Raises:
        ValueError: Both `model=` and `id=`, or a stateful key such as `previous_response_id`.
    """
    values = dict(values)
    if "id" in values:
        model_id = values.pop("id")
        if "model" in values or "model_name" in values:
            raise ValueError("Pass the model as model= or id=, not both.")
        values["model"] = model_id
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


def settings_body(llm: Any) -> dict[str, Any]:
    """Return the request body fields a chat model's settings give, before the call's own.

    Args:
        llm: The `ChatOpenRouterResponses` instance (read for its settings only).

    Returns:
        The body with `model` and every setting that is not None, then `model_kwargs`.
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
        "provider": llm.provider.to_body() if llm.provider else None,
        "plugins": [plugin.to_body() for plugin in llm.plugins] if llm.plugins else None,
        "session_id": llm.session_id,
        "trace": llm.trace,
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
        "text": {"verbosity": llm.verbosity} if llm.verbosity else None,
        "cache_control": body_value(llm.cache_control),
        "prompt_cache_options": body_value(llm.prompt_cache_options),
        "modalities": llm.modalities,
        "image_config": body_value(llm.image_config),
        "stop_server_tools_when": body_value(llm.stop_server_tools_when),
        "top_logprobs": llm.top_logprobs,
        "debug": body_value(llm.debug),
    }
    body.update((key, value) for key, value in optional.items() if value is not None)
    body.update(llm.model_kwargs)
    add_reasoning_include(body)
    return body


def langsmith_params(llm: Any, stop: list[str] | None, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Return LangSmith's tracing parameters for a call (provider, model, temperature, limits, stops)."""
    params: dict[str, Any] = {
        "ls_provider": PROVIDER,
        "ls_model_name": str(kwargs.get("model") or llm.model_name),
        "ls_model_type": "chat",
    }
    temperature = kwargs.get("temperature", llm.temperature)
    if temperature is not None:
        params["ls_temperature"] = temperature
    max_tokens = kwargs.get("max_tokens", llm.max_tokens)
    if max_tokens is not None:
        params["ls_max_tokens"] = max_tokens
    if stop_sequences := stop or kwargs.get("stop") or llm.stop:
        params["ls_stop"] = [stop_sequences] if isinstance(stop_sequences, str) else list(stop_sequences)
    return params
