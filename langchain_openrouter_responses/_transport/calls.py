"""One call through the SDK: client settings and headers, typed errors, body and stream reading.

The chat model's call paths use these so they stay a few lines each: build the settings, lease a
client, send, and read the answer through the wire parsers with failures raised as this package's
typed errors.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

from langchain_core.outputs import ChatGeneration, ChatResult

from langchain_openrouter_responses._transport.clients import (
    ClientSettings,
    check_base_url,
    merge_headers,
    resolve_async_transport,
)
from langchain_openrouter_responses._transport.credentials import resolve_api_key
from langchain_openrouter_responses._wire.jsonio import loads
from langchain_openrouter_responses._wire.reader import (
    BrokenStreamError,
    StreamFailedError,
    WireStreamError,
)
from langchain_openrouter_responses._wire.response import response_to_message

CLIENT_KWARGS = {
    "api_key": "api_key",
    "openrouter_api_key": "api_key",
    "base_url": "base_url",
    "timeout": "timeout",
    "request_timeout": "timeout",
    "max_retries": "max_retries",
    "default_headers": "headers",
}
"""Per-call keywords that configure the HTTP client rather than the request body."""
_UNEXPECTED_SHAPE = (AttributeError, TypeError, ValueError, KeyError)
DEFAULT_BASE_URL = "https://openrouter.ai/api/v1"


def default_base_url() -> str:
    """Return `OPENROUTER_BASE_URL`, or OpenRouter's API when it is unset or empty."""
    return os.environ.get("OPENROUTER_BASE_URL") or DEFAULT_BASE_URL


def app_categories_from_env() -> list[str] | None:
    """Return the comma-separated `OPENROUTER_APP_CATEGORIES`, or None when unset."""
    value = os.environ.get("OPENROUTER_APP_CATEGORIES")
    return [part.strip() for part in value.split(",") if part.strip()] if value else None


def client_settings(llm: Any, kwargs: dict[str, Any]) -> ClientSettings:
    """Return the client settings of a chat model, with per-call overrides (`api_key`, `base_url`, ...).

    Args:
        llm: The `ChatOpenRouterResponses` instance.
        kwargs: The call's keyword arguments.

    Returns:
        Hashable settings naming one cached client.
    """
    overrides = {CLIENT_KWARGS[key]: value for key, value in kwargs.items() if key in CLIENT_KWARGS}
    api_key = resolve_api_key(overrides.get("api_key", llm.openrouter_api_key))
    headers = merge_headers(attribution_headers(llm), overrides.get("headers", llm.default_headers))
    base_url = overrides.get("base_url", llm.base_url)
    if base_url != llm.base_url:
        check_base_url(base_url, allow_insecure=llm.allow_insecure_base_url)
    return ClientSettings(
        api_key=api_key,
        base_url=base_url,
        timeout=overrides.get("timeout", llm.timeout),
        max_retries=overrides.get("max_retries", llm.max_retries),
        headers=tuple(sorted(headers.items())),
        max_connections=llm.max_connections,
        http_client=llm.http_client,
        http_async_client=llm.http_async_client,
        async_transport=resolve_async_transport(llm.http_async_transport),
    )


def attribution_headers(llm: Any) -> dict[str, str]:
    """Return OpenRouter's app attribution and routing-metadata headers for a chat model's settings."""
    headers: dict[str, str] = {}
    if llm.app_url:
        headers["HTTP-Referer"] = llm.app_url
    if llm.app_title:
        headers["X-OpenRouter-Title"] = headers["X-Title"] = llm.app_title
    if llm.app_categories:
        headers["X-OpenRouter-Categories"] = ",".join(llm.app_categories)
    if llm.routing_metadata:
        headers["X-OpenRouter-Metadata"] = "enabled"
    return headers


def stream_timeout(settings: ClientSettings, chunk_timeout: float | None) -> Any:
    """Return a stream's per-request timeout: the client's, with `chunk_timeout` as the read timeout."""
    import openai  # noqa: PLC0415 (loaded by the client already; kept out of import time)

    from langchain_openrouter_responses._transport.httpx_shim import HttpTimeout  # noqa: PLC0415

    if chunk_timeout is None:
        return openai.NOT_GIVEN
    if settings.timeout is None:  # keep the SDK's short connect timeout
        return HttpTimeout(**{**openai.DEFAULT_TIMEOUT.as_dict(), "read": chunk_timeout})
    if callable(getattr(settings.timeout, "as_dict", None)):  # an httpx Timeout: keep its other parts
        return HttpTimeout(**{**settings.timeout.as_dict(), "read": chunk_timeout})
    return HttpTimeout(settings.timeout, read=chunk_timeout)


def post_responses(client: Any, body: dict[str, Any]) -> Any:
    """Send a non-streaming request through the SDK's `request` and return the HTTP response, read.

    This is what the SDK's `post("/responses", cast_to=<the HTTP response>, body=body)` does, with
    the request options copied from a template instead of validated afresh (a tenth of the cost).
    `responses.create` would parse the answer into the SDK's models, which the package does not use.

    Args:
        client: An `openai.OpenAI` client.
        body: The request body.
    """
    from langchain_openrouter_responses._transport.httpx_shim import HttpResponse  # noqa: PLC0415 (with the SDK)

    return client.request(HttpResponse, _post_options(body))


def apost_responses(client: Any, body: dict[str, Any]) -> Awaitable[Any]:
    """Like `post_responses`, with an `openai.AsyncOpenAI` client: the awaitable of the SDK's `request`."""
    from langchain_openrouter_responses._transport.httpx_shim import HttpResponse  # noqa: PLC0415 (with the SDK)

    return client.request(HttpResponse, _post_options(body))  # type: ignore[no-any-return]


def _post_options(body: dict[str, Any]) -> Any:
    return _post_template().model_copy(update={"json_data": body})


@functools.cache
def _post_template() -> Any:
    """The SDK's request options for a JSON post to `/responses`, as its `post` builds them, without a body."""
    from openai._models import FinalRequestOptions  # noqa: PLC0415 (loads the SDK)

    return FinalRequestOptions.construct(method="post", url="/responses", json_data=None, content=None, files=None)


class _SdkErrors:
    """Re-raises the SDK's and httpx's exceptions as this package's typed errors (stateless: one is shared)."""

    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: object) -> None:
        if not isinstance(error, Exception):
            return
        mapped = _errors().translate(error)
        if mapped is not None:
            raise mapped from error


_SDK_ERRORS = _SdkErrors()


def sdk_errors() -> _SdkErrors:
    """Re-raise the SDK's and httpx's exceptions inside the block as this package's typed errors.

    Returns:
        A context manager (one shared, stateless object: no allocation per call).
    """
    return _SDK_ERRORS


def header_metadata(http_response: Any) -> dict[str, Any]:
    """Return what the response headers add to `response_metadata` (the generation id)."""
    generation_id = http_response.headers.get("x-generation-id")
    return {"generation_id": generation_id} if generation_id else {}


def result_from_body(payload: bytes, http_response: Any) -> ChatResult:
    """Turn a non-streaming body into a chat result, or raise the typed error it reports.

    Raises:
        OpenRouterResponseError: The body is not a readable response, or reports a failure.
    """
    request = http_response.request
    errors = _errors()
    try:
        response = loads(payload)
    except ValueError:
        raise errors.unreadable_response(errors.describe_unparseable(payload), request) from None
    if not isinstance(response, dict):
        raise errors.unreadable_response(errors.describe_unparseable(payload), request)
    if response.get("error") or response.get("status") == "failed":
        raise errors.from_failed_response(response, request)
    try:
        message = response_to_message(response)
    except _UNEXPECTED_SHAPE as error:
        raise errors.unreadable_response(f"the response has an unexpected shape ({error})", request) from error
    message.response_metadata.update(header_metadata(http_response))
    return ChatResult(generations=[ChatGeneration(message=message)])


@contextmanager
def typed_stream_errors(request: Any) -> Iterator[None]:
    """Raise the wire's stream failures inside the block as this package's typed stream errors.

    Args:
        request: The `httpx` request that started the stream, attached to the errors.
    """
    try:
        yield
    except WireStreamError as error:
        raise typed_stream_error(error, request) from error.__cause__


def typed_stream_error(error: WireStreamError, request: Any) -> Exception:
    """Return the typed `OpenRouterStream*Error` for a wire-level stream failure."""
    errors = _errors()
    if isinstance(error, StreamFailedError):
        return errors.from_stream_failure(error.event, request)  # type: ignore[no-any-return]
    reason = error.reason if isinstance(error, BrokenStreamError) else str(error)
    return errors.broken_stream(reason, request)  # type: ignore[no-any-return]


def _errors() -> ModuleType:
    # The error classes subclass the `openai` SDK's, so they load with it, on first use.
    from langchain_openrouter_responses._transport import mapping as errors  # noqa: PLC0415

    return errors
