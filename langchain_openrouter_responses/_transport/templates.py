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

from typing import Any

import openai

try:  # the SDK's own body serialiser and merge, so a templated body is the SDK's, byte for byte
    from openai._base_client import _merge_mappings
    from openai._utils._json import openapi_dumps
except ImportError:  # pragma: no cover - an SDK without them builds every request itself
    _merge_mappings = openapi_dumps = None  # type: ignore[assignment]

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
            template.headers.pop("content-length", None)  # each request's length comes from its body
            if len(templates) >= MAX_TEMPLATES:
                templates.clear()
            templates[key] = template
        return _from_template(template, request_json(options))


def request_json(options: Any) -> bytes:
    """Return the request body the SDK would send for `options`: its JSON and `extra_body`, merged."""
    body = options.json_data
    if options.extra_json is not None:
        body = options.extra_json if body is None else _merge_mappings(body, options.extra_json)
    return openapi_dumps(body)


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
    if not plain_json_post or openapi_dumps is None or client._idempotency_header or client._client.cookies:  # noqa: SLF001
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
    if not callable(as_dict):
        return _UNKNOWN
    key = tuple(sorted(as_dict().items()))
    try:
        hash(key)
    except TypeError:  # a part that is itself unhashable: let the SDK build the request
        return _UNKNOWN
    return key


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
    # The request copies the headers; its Content-Length comes from `content`.
    return type(template)(
        template.method, template.url, headers=template.headers, content=content, extensions=dict(template.extensions)
    )
