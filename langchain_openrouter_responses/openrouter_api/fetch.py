"""Calls to OpenRouter's account and catalogue endpoints, through the chat model's shared clients.

The key and base URL resolve as for `ChatOpenRouterResponses` (`api_key=` else
`OPENROUTER_API_KEY`; `base_url=` else `OPENROUTER_BASE_URL` else OpenRouter), the same
plain-http check applies, and failures raise the same typed errors.
"""

from __future__ import annotations

import json
import os
import threading
import time
from typing import Any, TypeVar
from urllib.parse import quote

from pydantic import SecretStr, TypeAdapter, ValidationError

from langchain_openrouter_responses._transport.calls import default_base_url, sdk_errors
from langchain_openrouter_responses._transport.clients import (
    ClientSettings,
    check_base_url,
    leased_async_client,
    leased_sync_client,
)
from langchain_openrouter_responses._transport.credentials import resolve_api_key
from langchain_openrouter_responses.data import add_fetched_profiles, model_ids
from langchain_openrouter_responses.openrouter_api.results import (
    Credits,
    GenerationStats,
    KeyInfo,
    ModelEndpoints,
    ModelInfo,
)

MODELS_TTL = 600.0
"""Seconds a fetched model list is reused for its base URL."""

Result = TypeVar("Result")
_models_cache: dict[str, tuple[float, list[ModelInfo]]] = {}
_models_lock = threading.Lock()
_MODEL_LIST: TypeAdapter[list[ModelInfo]] = TypeAdapter(list[ModelInfo])


def client_settings(
    api_key: SecretStr | str | None,
    base_url: str | None,
    *,
    timeout: float | None = None,
    allow_insecure_base_url: bool = False,
) -> ClientSettings:
    """Resolve the key and base URL like the chat model does.

    Raises:
        MissingAPIKeyError: No key given and `OPENROUTER_API_KEY` unset or blank.
        ValueError: A plain-http base URL on a non-loopback host.
    """
    key = resolve_api_key(api_key if api_key is not None else os.environ.get("OPENROUTER_API_KEY"))
    url = base_url or default_base_url()
    check_base_url(url, allow_insecure=allow_insecure_base_url)
    return ClientSettings(api_key=key, base_url=url, timeout=timeout, max_retries=2, headers=())


def get_json(settings: ClientSettings, path: str, params: dict[str, str] | None = None) -> Any:
    """`GET {base_url}{path}` and return the body's `data`, with failures as typed errors."""
    options: Any = {"params": params} if params else {}
    with sdk_errors(), leased_sync_client(settings) as client:
        payload = client.get(path, cast_to=bytes, options=options)
    return _data(payload, path)


async def aget_json(settings: ClientSettings, path: str, params: dict[str, str] | None = None) -> Any:
    """The asynchronous `get_json`."""
    options: Any = {"params": params} if params else {}
    with sdk_errors():
        async with leased_async_client(settings) as client:
            payload = await client.get(path, cast_to=bytes, options=options)
    return _data(payload, path)


def parse(model: type[Result] | TypeAdapter[Result], data: Any, path: str) -> Result:
    """Validate `data` as `model`, raising `OpenRouterResponseError` for an unexpected shape."""
    try:
        if isinstance(model, TypeAdapter):
            return model.validate_python(data)
        return model.model_validate(data)  # type: ignore[attr-defined,no-any-return]
    except ValidationError as error:
        raise _unreadable(f"{path} answered an unexpected shape: {error}") from error


def _data(payload: bytes, path: str) -> Any:
    try:
        body = json.loads(payload)
    except ValueError:
        raise _unreadable(f"{path} answered something that is not JSON: {payload[:200]!r}") from None
    if not isinstance(body, dict) or "data" not in body:
        raise _unreadable(f"{path} answered without a 'data' field: {payload[:200]!r}")
    return body["data"]


def _unreadable(reason: str) -> Exception:
    from langchain_openrouter_responses._transport.mapping import unreadable_response  # noqa: PLC0415 (loads openai)

    return unreadable_response(reason, None)


def cached_models(base_url: str, max_age: float) -> list[ModelInfo] | None:
    """Return the model list fetched for `base_url` less than `max_age` seconds ago, if any."""
    with _models_lock:
        found = _models_cache.get(base_url)
    if found is None or time.monotonic() - found[0] > max_age:
        return None
    return list(found[1])


def keep_models(base_url: str, models: list[ModelInfo]) -> list[ModelInfo]:
    """Cache a fetched model list for `base_url` and return a copy."""
    with _models_lock:
        _models_cache[base_url] = (time.monotonic(), list(models))
    return list(models)


def clear_models_cache() -> None:
    """Forget every cached model list."""
    with _models_lock:
        _models_cache.clear()


def models_from(data: Any) -> list[ModelInfo]:
    """Validate a `GET /models` `data` list."""
    return parse(_MODEL_LIST, data, "/models")


def overlay(models: list[ModelInfo]) -> list[str]:
    """Put the profiles of `models` into the process-level overlay; return the ids the snapshot lacks."""
    bundled = set(model_ids())
    add_fetched_profiles({model.id: model.to_profile() for model in models})
    return sorted(model.id for model in models if model.id not in bundled)


def stats(data: Any) -> GenerationStats:
    """Validate a `GET /generation` `data` object."""
    return parse(GenerationStats, data, "/generation")


def key_info(data: Any) -> KeyInfo:
    """Validate a `GET /key` `data` object."""
    return parse(KeyInfo, data, "/key")


def credits_of(data: Any) -> Credits:
    """Validate a `GET /credits` `data` object."""
    return parse(Credits, data, "/credits")


def endpoints_path(model: str) -> str:
    """The `/models/{author}/{slug}/endpoints` path of a model id such as `openai/gpt-4o`.

    Raises:
        ValueError: The id is not `author/slug`.
    """
    author, _, slug = model.partition("/")
    if not author or not slug or "/" in slug:
        raise ValueError(f"model {model!r} is not an OpenRouter model id 'author/slug', e.g. 'openai/gpt-4o'.")
    return f"/models/{quote(author, safe='')}/{quote(slug, safe=':')}/endpoints"


def endpoints_of(data: Any, path: str) -> ModelEndpoints:
    """Validate a `GET /models/{author}/{slug}/endpoints` `data` object."""
    return parse(ModelEndpoints, data, path)
