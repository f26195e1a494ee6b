"""Optional OpenRouter utilities beside the chat model: generation stats, key info, live model data.

Each needs an API key and the network (or the emulator); nothing here runs unless called. The
key and base URL resolve as for `ChatOpenRouterResponses` (`api_key=` else `OPENROUTER_API_KEY`,
`base_url=` else `OPENROUTER_BASE_URL`), and failures raise the package's typed errors
(`OpenRouterAuthenticationError`, `OpenRouterNotFoundError`, ...).

- `get_generation(id)` → `GenerationStats`: provider, latency, native token counts, total cost.
  OpenRouter may answer 404 for a second or two after a response ends, until its stats are stored.
- `get_key_info()` → `KeyInfo`: limit, usage, remaining credit, free tier, rate limit.
- `get_credits()` → `Credits`: the account's credits bought and used (`remaining`).
- `get_model_endpoints(model)` → `ModelEndpoints`: the providers serving a model, with their
  limits, prices, quantization, supported parameters, uptime, latency and throughput.
- `list_models()` → `list[ModelInfo]`: ids, context length, pricing, modalities, supported
  parameters; cached per base URL for `MODELS_TTL` seconds.
- `refresh_profiles()` fetches the list and fills `ChatOpenRouterResponses.profile` for models the
  bundled snapshot lacks (for models built afterwards, in this process). The bundled snapshot
  stays the default and fully offline.

Each has an `a`-prefixed asynchronous twin.
"""

from __future__ import annotations

from pydantic import SecretStr

from langchain_openrouter_responses.openrouter_api.fetch import (
    MODELS_TTL,
    aget_json,
    cached_models,
    clear_models_cache,
    client_settings,
    credits_of,
    endpoints_of,
    endpoints_path,
    get_json,
    keep_models,
    key_info,
    models_from,
    overlay,
    stats,
)
from langchain_openrouter_responses.openrouter_api.results import (
    Credits,
    GenerationStats,
    KeyInfo,
    LatencyPercentiles,
    ModelArchitecture,
    ModelEndpoint,
    ModelEndpoints,
    ModelInfo,
    ModelPricing,
    RateLimit,
    TopProvider,
)

Key = SecretStr | str | None


def get_generation(
    generation_id: str, *, api_key: Key = None, base_url: str | None = None, timeout: float | None = None
) -> GenerationStats:
    """Fetch the stats of one generation (`GET /generation?id=`).

    Args:
        generation_id: A response id, e.g. `reply.response_metadata["id"]`.
        api_key: The key (default `OPENROUTER_API_KEY`).
        base_url: The API base URL (default `OPENROUTER_BASE_URL`, else OpenRouter's).
        timeout: Request timeout in seconds (None: the SDK's default).

    Returns:
        The generation's provider, latency, token counts and cost.

    Raises:
        OpenRouterNotFoundError: No generation with this id (yet).
    """
    settings = client_settings(api_key, base_url, timeout=timeout)
    return stats(get_json(settings, "/generation", {"id": generation_id}))


async def aget_generation(
    generation_id: str,
    *,
    api_key: Key = None,
    base_url: str | None = None,
    timeout: float | None = None,  # noqa: ASYNC109 (the request's timeout, as in the sync twin)
) -> GenerationStats:
    """The asynchronous `get_generation`."""
    settings = client_settings(api_key, base_url, timeout=timeout)
    return stats(await aget_json(settings, "/generation", {"id": generation_id}))


def get_key_info(*, api_key: Key = None, base_url: str | None = None, timeout: float | None = None) -> KeyInfo:
    """Fetch the key's limit, usage and rate limit (`GET /key`); never cached.

    Args:
        api_key: The key to describe (default `OPENROUTER_API_KEY`).
        base_url: The API base URL.
        timeout: Request timeout in seconds.

    Returns:
        The key's information.
    """
    return key_info(get_json(client_settings(api_key, base_url, timeout=timeout), "/key"))


async def aget_key_info(
    *,
    api_key: Key = None,
    base_url: str | None = None,
    timeout: float | None = None,  # noqa: ASYNC109 (the request's timeout, as in the sync twin)
) -> KeyInfo:
    """The asynchronous `get_key_info`."""
    return key_info(await aget_json(client_settings(api_key, base_url, timeout=timeout), "/key"))


def get_credits(*, api_key: Key = None, base_url: str | None = None, timeout: float | None = None) -> Credits:
    """Fetch the account's credits bought and used (`GET /credits`); never cached.

    Args:
        api_key: A key of the account (default `OPENROUTER_API_KEY`).
        base_url: The API base URL.
        timeout: Request timeout in seconds.

    Returns:
        `total_credits` and `total_usage` (USD), and what `remaining` is left.
    """
    return credits_of(get_json(client_settings(api_key, base_url, timeout=timeout), "/credits"))


async def aget_credits(
    *,
    api_key: Key = None,
    base_url: str | None = None,
    timeout: float | None = None,  # noqa: ASYNC109 (the request's timeout, as in the sync twin)
) -> Credits:
    """The asynchronous `get_credits`."""
    return credits_of(await aget_json(client_settings(api_key, base_url, timeout=timeout), "/credits"))


def get_model_endpoints(
    model: str, *, api_key: Key = None, base_url: str | None = None, timeout: float | None = None
) -> ModelEndpoints:
    """Fetch the provider endpoints serving a model (`GET /models/{author}/{slug}/endpoints`); never cached.

    Args:
        model: The model id, e.g. `"openai/gpt-4o"`.
        api_key: The key (default `OPENROUTER_API_KEY`).
        base_url: The API base URL.
        timeout: Request timeout in seconds.

    Returns:
        The model and its endpoints.

    Raises:
        ValueError: `model` is not of the form `author/slug`.
        OpenRouterNotFoundError: OpenRouter knows no such model.
    """
    path = endpoints_path(model)
    return endpoints_of(get_json(client_settings(api_key, base_url, timeout=timeout), path), path)


async def aget_model_endpoints(
    model: str,
    *,
    api_key: Key = None,
    base_url: str | None = None,
    timeout: float | None = None,  # noqa: ASYNC109 (the request's timeout, as in the sync twin)
) -> ModelEndpoints:
    """The asynchronous `get_model_endpoints`."""
    path = endpoints_path(model)
    return endpoints_of(await aget_json(client_settings(api_key, base_url, timeout=timeout), path), path)


def list_models(
    *,
    api_key: Key = None,
    base_url: str | None = None,
    timeout: float | None = None,
    max_age: float = MODELS_TTL,
) -> list[ModelInfo]:
    """List OpenRouter's models (`GET /models`), reusing a list fetched for the same base URL.

    Args:
        api_key: The key (default `OPENROUTER_API_KEY`).
        base_url: The API base URL.
        timeout: Request timeout in seconds.
        max_age: Reuse a list fetched less than this many seconds ago; 0 always fetches.

    Returns:
        The models, in OpenRouter's order.
    """
    settings = client_settings(api_key, base_url, timeout=timeout)
    cached = cached_models(settings.base_url, max_age)
    if cached is not None:
        return cached
    return keep_models(settings.base_url, models_from(get_json(settings, "/models")))


async def alist_models(
    *,
    api_key: Key = None,
    base_url: str | None = None,
    timeout: float | None = None,  # noqa: ASYNC109 (the request's timeout, as in the sync twin)
    max_age: float = MODELS_TTL,
) -> list[ModelInfo]:
    """The asynchronous `list_models`."""
    settings = client_settings(api_key, base_url, timeout=timeout)
    cached = cached_models(settings.base_url, max_age)
    if cached is not None:
        return cached
    return keep_models(settings.base_url, models_from(await aget_json(settings, "/models")))


def refresh_profiles(
    *, api_key: Key = None, base_url: str | None = None, timeout: float | None = None, max_age: float = 0.0
) -> list[str]:
    """Fill model profiles for models the bundled snapshot lacks, from OpenRouter's live list.

    `ChatOpenRouterResponses(model=...)` built afterwards in this process gets a profile for
    those models (context, output limit, modalities, tools, reasoning); bundled profiles are
    unchanged. `langchain_openrouter_responses.data.clear_fetched_profiles()` undoes it.

    Args:
        api_key: The key (default `OPENROUTER_API_KEY`).
        base_url: The API base URL.
        timeout: Request timeout in seconds.
        max_age: Reuse a model list fetched less than this many seconds ago (default: fetch).

    Returns:
        The ids that now have a profile and are not in the bundled snapshot, sorted.
    """
    return overlay(list_models(api_key=api_key, base_url=base_url, timeout=timeout, max_age=max_age))


async def arefresh_profiles(
    *,
    api_key: Key = None,
    base_url: str | None = None,
    timeout: float | None = None,  # noqa: ASYNC109 (the request's timeout, as in the sync twin)
    max_age: float = 0.0,
) -> list[str]:
    """The asynchronous `refresh_profiles`."""
    return overlay(await alist_models(api_key=api_key, base_url=base_url, timeout=timeout, max_age=max_age))


__all__ = [
    "MODELS_TTL",
    "Credits",
    "GenerationStats",
    "KeyInfo",
    "LatencyPercentiles",
    "ModelArchitecture",
    "ModelEndpoint",
    "ModelEndpoints",
    "ModelInfo",
    "ModelPricing",
    "RateLimit",
    "TopProvider",
    "aget_credits",
    "aget_generation",
    "aget_key_info",
    "aget_model_endpoints",
    "alist_models",
    "arefresh_profiles",
    "clear_models_cache",
    "get_credits",
    "get_generation",
    "get_key_info",
    "get_model_endpoints",
    "list_models",
    "refresh_profiles",
]
