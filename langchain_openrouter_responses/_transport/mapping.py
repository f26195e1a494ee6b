"""Map failures to this package's typed errors: HTTP statuses, failed responses, stream events, transport errors.

OpenRouter's precise `error_type` picks the class wherever it is sent (inside `error`, under
`error.metadata`, or at the top level); otherwise the HTTP status, or the error code, does.
"""

from __future__ import annotations

import json
from typing import Any

import openai

from langchain_openrouter_responses._transport.errors import (
    OpenRouterAuthenticationError,
    OpenRouterBadRequestError,
    OpenRouterConflictError,
    OpenRouterConnectionError,
    OpenRouterContextOverflowError,
    OpenRouterError,
    OpenRouterInsufficientCreditsError,
    OpenRouterNotFoundError,
    OpenRouterPermissionDeniedError,
    OpenRouterRateLimitError,
    OpenRouterRequestTimeoutError,
    OpenRouterResponseAuthenticationError,
    OpenRouterResponseContextOverflowError,
    OpenRouterResponseError,
    OpenRouterResponseInvalidRequestError,
    OpenRouterResponsePermissionDeniedError,
    OpenRouterResponseRateLimitError,
    OpenRouterResponseTimeoutError,
    OpenRouterServerError,
    OpenRouterStreamAuthenticationError,
    OpenRouterStreamContextOverflowError,
    OpenRouterStreamError,
    OpenRouterStreamInvalidRequestError,
    OpenRouterStreamPermissionDeniedError,
    OpenRouterStreamRateLimitError,
    OpenRouterStreamTimeoutError,
    OpenRouterTimeoutError,
    OpenRouterUnprocessableError,
)
from langchain_openrouter_responses._transport.httpx_shim import is_timeout, transport_errors
from langchain_openrouter_responses._transport.retry import longest_hint, retry_hint

_CONTEXT_OVERFLOW_HINTS = (
    "context length",
    "context_length",
    "context window",
    "maximum context",
    "too many tokens",
    "prompt is too long",
)


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

_KIND_OF: dict[str, str] = {
    # OpenRouter's error_type values (reference §5.4), then the codes and statuses that mean the same.
    "rate_limit_exceeded": "rate_limit",
    "context_length_exceeded": "context_overflow",
    "token_limit_exceeded": "context_overflow",
    "invalid_prompt": "invalid_request",
    "invalid_request": "invalid_request",
    "max_tokens_exceeded": "invalid_request",
    "payload_too_large": "invalid_request",
    "unprocessable": "invalid_request",
    "string_too_long": "invalid_request",
    "precondition_failed": "invalid_request",
    "invalid_image": "invalid_request",
    "image_too_large": "invalid_request",
    "image_too_small": "invalid_request",
    "unsupported_image_format": "invalid_request",
    "authentication": "authentication",
    "invalid_api_key": "authentication",
    "permission_denied": "permission_denied",
    "content_policy_violation": "permission_denied",
    "payment_required": "payment_required",
    "not_found": "not_found",
    "timeout": "timeout",
    "provider_overloaded": "server",
    "provider_unavailable": "server",
    "server": "server",
    "400": "invalid_request",
    "401": "authentication",
    "402": "payment_required",
    "403": "permission_denied",
    "408": "timeout",
    "429": "rate_limit",
}

_HTTP_CLASSES: dict[str, type[OpenRouterError]] = {
    "rate_limit": OpenRouterRateLimitError,
    "context_overflow": OpenRouterContextOverflowError,
    "invalid_request": OpenRouterBadRequestError,
    "authentication": OpenRouterAuthenticationError,
    "permission_denied": OpenRouterPermissionDeniedError,
    "payment_required": OpenRouterInsufficientCreditsError,
    "not_found": OpenRouterNotFoundError,
    "timeout": OpenRouterRequestTimeoutError,
    "server": OpenRouterServerError,
}

_RESPONSE_CLASSES: dict[str, type[OpenRouterError]] = {
    "rate_limit": OpenRouterResponseRateLimitError,
    "context_overflow": OpenRouterResponseContextOverflowError,
    "invalid_request": OpenRouterResponseInvalidRequestError,
    "authentication": OpenRouterResponseAuthenticationError,
    "permission_denied": OpenRouterResponsePermissionDeniedError,
    "payment_required": OpenRouterResponsePermissionDeniedError,
    "timeout": OpenRouterResponseTimeoutError,
}

_STREAM_CLASSES: dict[str, type[OpenRouterError]] = {
    "rate_limit": OpenRouterStreamRateLimitError,
    "context_overflow": OpenRouterStreamContextOverflowError,
    "invalid_request": OpenRouterStreamInvalidRequestError,
    "authentication": OpenRouterStreamAuthenticationError,
    "permission_denied": OpenRouterStreamPermissionDeniedError,
    "payment_required": OpenRouterStreamPermissionDeniedError,
    "timeout": OpenRouterStreamTimeoutError,
}


def from_status_error(error: openai.APIStatusError) -> OpenRouterError:
    """Convert the SDK's HTTP error into this package's typed error.

    Args:
        error: The exception the `openai` SDK raised for a non-2xx response.

    Returns:
        An exception carrying OpenRouter's message, code and metadata; its class
        follows OpenRouter's `error_type` when one is sent, else the HTTP status.
    """
    status = error.status_code
    envelope = _read_envelope(error.response)
    details = _as_dict(envelope.get("error"))
    message = str(details.get("message") or _short_body(error.response) or error.message)
    code = details.get("code", status)
    metadata = _merge_metadata(details, envelope)
    error_type = _error_type(details, envelope, metadata)
    cls = _HTTP_CLASSES.get(_KIND_OF.get(str(error_type), "")) or _status_class(status, message, code)
    text = _describe(f"HTTP {status}", code, message, metadata, _status_hint(status, error.response))
    exc = cls(text, response=error.response, body=envelope or None)  # type: ignore[call-arg]
    _fill(exc, status, code, message, metadata, error_type=error_type)
    exc.retry_after = longest_hint(error.response.headers, retry_hint(_content(error.response)))
    return exc


def _status_hint(status: int, response: Any) -> str | None:
    """The hint for a status; a 404 from a path outside `/api/v1/` means the base URL lacks it."""
    try:
        path = str(response.request.url.path)
    except (AttributeError, RuntimeError):  # httpx raises RuntimeError for a response without its request
        path = ""
    if status == 404 and path and "/api/v1/" not in path:  # noqa: PLR2004 - HTTP Not Found
        return (
            f"The base URL probably lacks /api/v1: the request went to {path}; "
            "OpenRouter's base URL is https://openrouter.ai/api/v1 (a local emulator's ends in /api/v1 too)."
        )
    return _STATUS_HINTS.get(status)


def from_stream_failure(event: dict[str, Any], request: Any) -> OpenRouterError:
    """Build the error for a `response.failed`, `response.error` or `error` stream event.

    Args:
        event: The decoded event.
        request: The `httpx` request that started the stream.

    Returns:
        The typed `OpenRouterStream*Error`, carrying `error_type`, code and message.
    """
    return _failure(event, request, _STREAM_CLASSES, OpenRouterStreamError)


def from_failed_response(response: dict[str, Any], request: Any) -> OpenRouterError:
    """Build the error for a non-streaming response object that reports a failure.

    Args:
        response: The decoded response body (`status: "failed"` or an `error`).
        request: The `httpx` request.

    Returns:
        The typed `OpenRouterResponse*Error`, carrying `error_type`, code and message.
    """
    return _failure(
        {"type": "response.failed", "response": response}, request, _RESPONSE_CLASSES, OpenRouterResponseError
    )


def _failure(
    event: dict[str, Any],
    request: Any,
    classes: dict[str, type[OpenRouterError]],
    default: type[OpenRouterError],
) -> OpenRouterError:
    response = _as_dict(event.get("response"))
    raw_details = event.get("error") or response.get("error") or event
    details = raw_details if isinstance(raw_details, dict) else {"message": str(raw_details)}
    code = details.get("code")
    message = str(details.get("message") or "the response failed without a message")
    metadata = _merge_metadata(details, event)
    error_type = _error_type(response, details, event, metadata)
    kind = _KIND_OF.get(str(error_type), "") or _KIND_OF.get(str(code), "")
    if kind in {"", "server"} and _mentions_context_overflow(message):
        kind = "context_overflow"
    cls = classes.get(kind, default)
    label = str(event.get("type", "error"))
    text = _describe(label, code, message, metadata, f"error_type={error_type}" if error_type else None)
    exc = cls(text, request, body=event)  # type: ignore[call-arg]
    _fill(exc, None, code, message, metadata, error_type=error_type)
    return exc


def _error_type(*sources: dict[str, Any]) -> str | None:
    """The first `error_type` among the places OpenRouter puts it (reference §5.3-§5.5)."""
    for source in sources:
        if value := source.get("error_type"):
            return str(value)
    return None


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


def unreadable_response(reason: str, request: Any) -> OpenRouterResponseError:
    """Build the error for a non-streaming body that cannot be read (not JSON, unexpected shape).

    Args:
        reason: What went wrong, for the message.
        request: The `httpx` request.

    Returns:
        An `OpenRouterResponseError` explaining the failure.
    """
    exc = OpenRouterResponseError(f"OpenRouter response failed: {reason}", request, body=None)
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


def _content(response: Any) -> bytes:
    content = getattr(response, "content", b"")
    return content if isinstance(content, bytes) else b""


def from_transport_error(error: Exception) -> OpenRouterError:
    """Convert a network error raised while a body was being read.

    Args:
        error: An `httpx2` or `httpx` transport error.

    Returns:
        `OpenRouterTimeoutError` for timeouts, `OpenRouterConnectionError` otherwise.
    """
    request = getattr(error, "_request", None)
    if is_timeout(error):
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
    if isinstance(error, transport_errors()):
        return from_transport_error(error)
    return None
