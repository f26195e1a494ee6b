"""OpenRouter failures as exceptions of both langchain-core's and the openai SDK's kinds.

Every HTTP error is re-raised as a class inheriting from the matching
`langchain_core.exceptions.ModelError` subclass *and* the `openai` exception the
SDK raised, so `except ModelRateLimitError` and `except openai.RateLimitError`
both work. Failures reported inside a 200 stream (`response.failed`, `error`
events, a stream cut short) get the same treatment with `openai.APIError`.
"""

from __future__ import annotations

import json
from typing import Any

import openai
from langchain_core import exceptions as core

from langchain_openrouter_responses._client import MissingAPIKeyError

__all__ = ["MissingAPIKeyError"]

_CONTEXT_OVERFLOW_HINTS = (
    "context length",
    "context_length",
    "context window",
    "maximum context",
    "too many tokens",
    "prompt is too long",
)


class OpenRouterError(Exception):
    """Details OpenRouter sent with a failure, shared by every error class here.

    Attributes:
        http_status: HTTP status (None for failures inside a stream).
        openrouter_code: OpenRouter's `error.code` (an int status or a string
            such as `"invalid_prompt"`); also on the SDK's `code` as a string.
        openrouter_message: OpenRouter's own message.
        error_type: The precise reason (`error_type`), when OpenRouter sent one.
        metadata: `error.metadata` merged with a top-level `metadata`
            (validation issues under `raw`, `provider_name`, ...).
        provider_name: The upstream provider named in the metadata, if any.
        retry_after: Seconds from the `Retry-After` header, if any.
    """

    http_status: int | None = None
    openrouter_code: int | str | None = None
    openrouter_message: str = ""
    error_type: str | None = None
    metadata: dict[str, Any]
    provider_name: str | None = None
    retry_after: float | None = None


class OpenRouterBadRequestError(OpenRouterError, openai.BadRequestError, core.ModelInvalidRequestError):
    """OpenRouter rejected the request as invalid (HTTP 400, 413, 422)."""


class OpenRouterContextOverflowError(OpenRouterError, openai.BadRequestError, core.ContextOverflowError):
    """The input is longer than the model's context window."""


class OpenRouterAuthenticationError(OpenRouterError, openai.AuthenticationError, core.ModelAuthenticationError):
    """The API key is missing, invalid or disabled (HTTP 401)."""


class OpenRouterInsufficientCreditsError(OpenRouterError, openai.APIStatusError, core.ModelPermissionDeniedError):
    """The account or key has no credits left (HTTP 402)."""


class OpenRouterPermissionDeniedError(OpenRouterError, openai.PermissionDeniedError, core.ModelPermissionDeniedError):
    """The request was blocked: moderation, guardrail, key limit or region (HTTP 403)."""


class OpenRouterNotFoundError(OpenRouterError, openai.NotFoundError, core.ModelNotFoundError):
    """No endpoint serves the model with the requested features (HTTP 404)."""


class OpenRouterRequestTimeoutError(OpenRouterError, openai.APIStatusError, core.ModelTimeoutError):
    """OpenRouter timed out waiting for the provider (HTTP 408)."""


class OpenRouterRateLimitError(OpenRouterError, openai.RateLimitError, core.ModelRateLimitError):
    """Rate limited by OpenRouter or the upstream provider (HTTP 429)."""


class OpenRouterServerError(OpenRouterError, openai.InternalServerError, core.ModelAPIError):
    """OpenRouter or the provider failed (HTTP 5xx)."""


class OpenRouterConnectionError(OpenRouterError, openai.APIConnectionError, core.ModelConnectionError):
    """OpenRouter could not be reached."""


class OpenRouterTimeoutError(OpenRouterError, openai.APITimeoutError, core.ModelTimeoutError):
    """The request took longer than the configured `timeout`."""


class OpenRouterStreamError(OpenRouterError, openai.APIError, core.ModelAPIError):
    """A response failed after it started: `response.failed`, an `error` event, or a broken stream."""


class OpenRouterStreamRateLimitError(OpenRouterError, openai.APIError, core.ModelRateLimitError):
    """A started response failed because of a rate limit."""


class OpenRouterStreamContextOverflowError(OpenRouterError, openai.APIError, core.ContextOverflowError):
    """A started response failed because the input exceeded the context window."""


class OpenRouterStreamInvalidRequestError(OpenRouterError, openai.APIError, core.ModelInvalidRequestError):
    """A started response failed because the provider rejected the request."""


class OpenRouterStreamAuthenticationError(OpenRouterError, openai.APIError, core.ModelAuthenticationError):
    """A started response failed because the provider rejected the credentials."""


class OpenRouterStreamPermissionDeniedError(OpenRouterError, openai.APIError, core.ModelPermissionDeniedError):
    """A started response failed on permissions, payment or content policy."""


class OpenRouterStreamTimeoutError(OpenRouterError, openai.APIError, core.ModelTimeoutError):
    """A started response failed because the provider timed out."""


class OpenRouterConflictError(OpenRouterError, openai.ConflictError, core.ModelInvalidRequestError):
    """OpenRouter reported a conflict (HTTP 409)."""


class OpenRouterUnprocessableError(OpenRouterError, openai.UnprocessableEntityError, core.ModelInvalidRequestError):
    """OpenRouter could not process the request (HTTP 422)."""


_STATUS_CLASSES: dict[int, type[OpenRouterError]] = {
    400: OpenRouterBadRequestError,
    401: OpenRouterAuthenticationError,
    402: OpenRouterInsufficientCreditsError,
    403: OpenRouterPermissionDeniedError,
    404: OpenRouterNotFoundError,
    408: OpenRouterRequestTimeoutError,
    409: OpenRouterConflictError,
    413: OpenRouterBadRequestError,
    422: OpenRouterUnprocessableError,
    429: OpenRouterRateLimitError,
}

_FIRST_SERVER_STATUS = 500
_INVALID_REQUEST_STATUSES = frozenset({400, 413, 422})

_STATUS_HINTS: dict[int, str] = {
    401: "Check OPENROUTER_API_KEY (or api_key=): OpenRouter did not accept the key.",
    402: "The account or key is out of credits: add credits at https://openrouter.ai/credits or raise the key's limit.",
    403: "OpenRouter blocked the request (moderation, guardrail, key limit or region).",
    404: "Check the model slug, or relax provider/tool requirements so an endpoint matches.",
}

_STREAM_ERROR_CLASSES: dict[str, type[OpenRouterError]] = {
    # OpenRouter's error_type values, then the codes and statuses that mean the same.
    "rate_limit_exceeded": OpenRouterStreamRateLimitError,
    "429": OpenRouterStreamRateLimitError,
    "context_length_exceeded": OpenRouterStreamContextOverflowError,
    "token_limit_exceeded": OpenRouterStreamContextOverflowError,
    "invalid_prompt": OpenRouterStreamInvalidRequestError,
    "invalid_request": OpenRouterStreamInvalidRequestError,
    "payload_too_large": OpenRouterStreamInvalidRequestError,
    "unprocessable": OpenRouterStreamInvalidRequestError,
    "string_too_long": OpenRouterStreamInvalidRequestError,
    "400": OpenRouterStreamInvalidRequestError,
    "authentication": OpenRouterStreamAuthenticationError,
    "invalid_api_key": OpenRouterStreamAuthenticationError,
    "401": OpenRouterStreamAuthenticationError,
    "permission_denied": OpenRouterStreamPermissionDeniedError,
    "payment_required": OpenRouterStreamPermissionDeniedError,
    "content_policy_violation": OpenRouterStreamPermissionDeniedError,
    "402": OpenRouterStreamPermissionDeniedError,
    "403": OpenRouterStreamPermissionDeniedError,
    "timeout": OpenRouterStreamTimeoutError,
    "408": OpenRouterStreamTimeoutError,
}


def from_status_error(error: openai.APIStatusError) -> OpenRouterError:
    """Convert the SDK's HTTP error into this package's typed error.

    Args:
        error: The exception the `openai` SDK raised for a non-2xx response.

    Returns:
        An exception carrying OpenRouter's message, code and metadata.
    """
    status = error.status_code
    envelope = _read_envelope(error.response)
    details = _as_dict(envelope.get("error"))
    message = str(details.get("message") or _short_body(error.response) or error.message)
    code = details.get("code", status)
    metadata = _merge_metadata(details, envelope)
    cls = _status_class(status, message, code)
    text = _describe(f"HTTP {status}", code, message, metadata, _STATUS_HINTS.get(status))
    exc = cls(text, response=error.response, body=envelope or None)  # type: ignore[call-arg]
    _fill(exc, status, code, message, metadata, error_type=details.get("error_type"))
    exc.retry_after = _retry_after(error.response.headers.get("retry-after"))
    return exc


def from_stream_failure(event: dict[str, Any], request: Any) -> OpenRouterError:
    """Build the error for a `response.failed`, `response.error` or `error` event.

    Args:
        event: The decoded event.
        request: The `httpx` request that started the stream.

    Returns:
        The typed error, carrying `error_type`, code and message.
    """
    response = _as_dict(event.get("response"))
    raw_details = event.get("error") or response.get("error") or event
    details = raw_details if isinstance(raw_details, dict) else {"message": str(raw_details)}
    code = details.get("code")
    message = str(details.get("message") or "the response failed without a message")
    error_type = response.get("error_type") or details.get("error_type") or event.get("error_type")
    metadata = _merge_metadata(details, event)
    key = str(error_type or code or "")
    if key in {"", "server_error", "server"} and _mentions_context_overflow(message):
        key = "context_length_exceeded"
    cls = _STREAM_ERROR_CLASSES.get(key, OpenRouterStreamError)
    label = str(event.get("type", "error"))
    text = _describe(label, code, message, metadata, f"error_type={error_type}" if error_type else None)
    exc = cls(text, request, body=event)  # type: ignore[call-arg]
    _fill(exc, None, code, message, metadata, error_type=error_type)
    return exc


def broken_stream(reason: str, request: Any) -> OpenRouterStreamError:
    """Build the error for a stream that ended badly (cut off, malformed event).

    Args:
        reason: What went wrong, for the message.
        request: The `httpx` request that started the stream.

    Returns:
        An `OpenRouterStreamError` explaining the failure.
    """
    exc = OpenRouterStreamError(f"OpenRouter response failed: {reason}", request, body=None)
    _fill(exc, None, None, reason, {}, error_type=None)
    return exc


def from_connection_error(error: openai.APIConnectionError) -> OpenRouterError:
    """Convert the SDK's connection or timeout error.

    Args:
        error: The `openai` connection error.

    Returns:
        `OpenRouterTimeoutError` for timeouts, `OpenRouterConnectionError` otherwise.
    """
    if isinstance(error, openai.APITimeoutError):
        return _network_error(
            "OpenRouter request timed out; raise timeout= or retry later.", error.request, timed_out=True
        )
    cause = f": {error.__cause__}" if error.__cause__ else ""
    message = f"Could not connect to OpenRouter at {error.request.url.host}{cause}"
    return _network_error(message, error.request, timed_out=False)


def _network_error(message: str, request: Any, *, timed_out: bool) -> OpenRouterError:
    exc: OpenRouterError
    if timed_out:
        exc = OpenRouterTimeoutError(request)
        exc.args = (message,)
        exc.message = message
    else:
        exc = OpenRouterConnectionError(message=message, request=request)
    _fill(exc, None, None, message, {}, error_type=None)
    return exc


def _status_class(status: int, message: str, code: Any) -> type[OpenRouterError]:
    if status >= _FIRST_SERVER_STATUS:
        return OpenRouterServerError
    if status in _INVALID_REQUEST_STATUSES and (
        _mentions_context_overflow(message) or code == "context_length_exceeded"
    ):
        return OpenRouterContextOverflowError
    return _STATUS_CLASSES.get(status, OpenRouterBadRequestError)


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _mentions_context_overflow(message: str) -> bool:
    lowered = message.lower()
    return any(hint in lowered for hint in _CONTEXT_OVERFLOW_HINTS)


def _read_envelope(response: Any) -> dict[str, Any]:
    try:
        parsed = json.loads(response.content)
    except (ValueError, TypeError, AttributeError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _short_body(response: Any, limit: int = 300) -> str:
    try:
        text = str(response.text).strip()
    except (UnicodeDecodeError, AttributeError):
        return ""
    return text if len(text) <= limit else text[:limit] + "..."


def _merge_metadata(details: dict[str, Any], envelope: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for source in (envelope.get("metadata"), details.get("metadata")):
        if isinstance(source, dict):
            merged.update(source)
    for key in ("availability", "openrouter_metadata", "user_id"):
        value = details.get(key, envelope.get(key))
        if value is not None:
            merged[key] = value
    return merged


def _describe(label: str, code: Any, message: str, metadata: dict[str, Any], hint: str | None) -> str:
    parts = [f"OpenRouter error ({label}, code={code!r}): {message}"]
    if provider := metadata.get("provider_name"):
        parts.append(f"provider: {provider}")
    if raw := metadata.get("raw"):
        raw_text = raw if isinstance(raw, str) else json.dumps(raw)
        parts.append(f"details: {raw_text[:500]}{'...' if len(raw_text) > 500 else ''}")  # noqa: PLR2004
    if hint:
        parts.append(hint)
    return " | ".join(parts)


def _fill(
    exc: OpenRouterError,
    status: int | None,
    code: Any,
    message: str,
    metadata: dict[str, Any],
    *,
    error_type: Any = None,
) -> None:
    exc.http_status = status
    exc.openrouter_code = code
    if isinstance(exc, openai.APIError):
        exc.code = None if code is None else str(code)
    exc.openrouter_message = message
    exc.metadata = metadata
    exc.error_type = str(error_type) if error_type else None
    provider = metadata.get("provider_name")
    exc.provider_name = str(provider) if provider else None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        return None


try:  # the openai SDK moved from httpx to its fork httpx2
    import httpx2 as _httpx
except ImportError:  # pragma: no cover - older openai releases
    import httpx as _httpx  # type: ignore[no-redef]

TRANSPORT_ERRORS: tuple[type[Exception], ...] = (_httpx.TransportError,)
HttpTimeout = _httpx.Timeout
"""The `httpx` timeout class the `openai` SDK accepts per request."""
HttpLimits = _httpx.Limits
"""The `httpx` connection-pool limits class."""
"""Errors raised while reading a response body, which the SDK does not wrap."""


def from_transport_error(error: Exception) -> OpenRouterError:
    """Convert a network error raised while a body was being read.

    Args:
        error: An `httpx` transport error.

    Returns:
        `OpenRouterTimeoutError` for timeouts, `OpenRouterConnectionError` otherwise.
    """
    request = getattr(error, "_request", None)
    if isinstance(error, _httpx.TimeoutException):
        return _network_error(f"OpenRouter stopped sending data within the timeout: {error!r}", request, timed_out=True)
    message = f"The connection to OpenRouter failed while reading the response: {error!r}"
    return _network_error(message, request, timed_out=False)


def describe_unparseable(payload: bytes, limit: int = 200) -> str:
    """Describe a body that should have been JSON but is not.

    Args:
        payload: The bytes received.
        limit: How many characters to quote.

    Returns:
        A message quoting the start of the body.
    """
    if not payload.strip():
        return "OpenRouter returned an empty response body"
    text = payload.decode("utf-8", "replace").strip()
    quoted = text[:limit] + ("..." if len(text) > limit else "")
    return f"OpenRouter returned a response that is not valid JSON: {quoted!r}"


def translate(error: Exception) -> Exception | None:
    """Map an exception raised by the `openai` SDK or `httpx` to this package's errors.

    Args:
        error: The exception raised while calling OpenRouter.

    Returns:
        The typed error to raise instead, or None to let the original propagate
        (it is already typed, or unrelated to the HTTP call).
    """
    if isinstance(error, OpenRouterError):
        return None
    if isinstance(error, openai.APIStatusError):
        return from_status_error(error)
    if isinstance(error, openai.APIConnectionError):
        return from_connection_error(error)
    if isinstance(error, TRANSPORT_ERRORS):
        return from_transport_error(error)
    return None
