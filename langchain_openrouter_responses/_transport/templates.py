"""Build the SDK's `/responses` requests from a cached template: the same request, a third cheaper.

For a short answer, the `openai` SDK spends about a third of a call building the request
(`_build_request`: URL joining, header merging and validation, the HTTP client's own
`build_request`). Everything but the body is the same from one call to the next on a client, so
the first request of each kind is built by the SDK and kept as a template; later ones copy its
method, URL, headers and timeout, and only serialise the new body, exactly as the SDK does. The
SDK still drives the call: its retries, timeouts, auth hooks and error types are unchanged.

Only plain JSON posts to `/responses` with string headers and no query are templated; anything
else, or a client whose cookie jar is not empty (cookies change between calls), is built by the
SDK as before.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import openai
import pydantic

TEMPLATED_PATHS = frozenset({"/responses"})
"""The API paths whose requests are built from templates."""
MAX_TEMPLATES = 16
"""Templates kept per client: one per retry count and timeout in use."""


class TemplatedRequests:
    """Mixin for `openai.OpenAI` / `openai.AsyncOpenAI`: `/responses` requests from a template."""

    _request_templates: dict[tuple[Any, ...], Any]

    def _build_request(self, options: Any, *, retries_taken: int = 0) -> Any:
        key = _template_key(self, options, retries_taken)
        if key is None:
            return super()._build_request(options, retries_taken=retries_taken)  # type: ignore[misc]
        templates = self.__dict__.setdefault("_request_templates", {})
        template = templates.get(key)
        if template is None:
            template = super()._build_request(_without_body(options), retries_taken=retries_taken)  # type: ignore[misc]
            if len(templates) >= MAX_TEMPLATES:
                templates.clear()
            templates[key] = template
        return _from_template(template, request_json(options))


def request_json(options: Any) -> bytes:
    """Return the request body the SDK would send for `options`: its JSON and `extra_body`, merged."""
    body = options.json_data
    if options.extra_json is not None:
        body = options.extra_json if body is None else {**body, **options.extra_json}
    if isinstance(body, dict):
        body = {key: value for key, value in body.items() if not isinstance(value, openai.Omit)}
    return dumps(body)


def dumps(body: Any) -> bytes:
    """Serialise a request body byte for byte as the SDK does (compact, UTF-8, no NaN).

    Raises:
        ValueError: The body holds NaN or an infinity, which JSON cannot carry.
        TypeError: The body holds a value JSON cannot represent.
    """
    text = json.dumps(body, default=_json_default, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode()


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(exclude_unset=True, mode="json", by_alias=True)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _template_key(client: Any, options: Any, retries_taken: int) -> tuple[Any, ...] | None:
    """Return what distinguishes a templated request's non-body parts, or None to let the SDK build it."""
    plain_json_post = (
        options.method == "post"
        and options.url in TEMPLATED_PATHS
        and not options.params
        and options.files is None
        and options.content is None
        and options.follow_redirects is None
        and isinstance(options.json_data, dict | None)
        and isinstance(options.extra_json, dict | None)
    )
    # A per-request idempotency key, or cookies the server set, would go stale in a template.
    if not plain_json_post or client._idempotency_header or client._client.cookies:  # noqa: SLF001 - the SDK client's
        return None
    timeout = _timeout_key(options.timeout)
    headers = _headers_key(options.headers)
    if timeout is _UNKNOWN or headers is _UNKNOWN:
        return None
    return (options.url, retries_taken, timeout, headers, repr(getattr(options, "security", None)))


_UNKNOWN = object()


def _timeout_key(timeout: Any) -> Any:
    """Return a hashable stand-in for a per-call timeout, or `_UNKNOWN` for a kind not known here."""
    if isinstance(timeout, openai.NotGiven):
        return "client default"
    if timeout is None or isinstance(timeout, int | float):
        return timeout
    as_dict = getattr(timeout, "as_dict", None)  # httpx / httpx2 Timeout
    return tuple(sorted(as_dict().items())) if callable(as_dict) else _UNKNOWN


def _headers_key(headers: Any) -> Any:
    """Return the per-call headers as a hashable key (`with_streaming_response` adds one), or `_UNKNOWN`."""
    if not headers:  # NotGiven, or none
        return ()
    if isinstance(headers, dict) and all(isinstance(value, str) for value in headers.values()):
        return tuple(sorted(headers.items()))
    return _UNKNOWN  # e.g. `Omit` values, which remove a header


def _without_body(options: Any) -> Any:
    return options.model_copy(update={"json_data": None, "extra_json": None})


def _from_template(template: Any, content: bytes) -> Any:
    headers = template.headers.copy()
    headers.pop("content-length", None)  # the new body's length is set from `content`
    return type(template)(
        template.method, template.url, headers=headers, content=content, extensions=dict(template.extensions)
    )
