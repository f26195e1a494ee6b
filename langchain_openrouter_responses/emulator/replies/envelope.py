"""The response object (`OpenResponsesResult`) wrapped around output items."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_ECHOED_DEFAULTS: tuple[tuple[str, Any], ...] = (
    ("tools", []),
    ("tool_choice", "auto"),
    ("parallel_tool_calls", True),
    ("max_output_tokens", None),
    ("temperature", None),
    ("top_p", None),
    ("presence_penalty", 0),
    ("frequency_penalty", 0),
    ("top_logprobs", 0),
    ("max_tool_calls", None),
    ("metadata", {}),
    ("background", False),
)
"""Request fields echoed after `incomplete_details`, with the value sent when the request omits them."""
_ECHOED_TAIL: tuple[tuple[str, Any], ...] = (
    ("service_tier", "auto"),
    ("truncation", "disabled"),
)
_DEFAULT_TEXT = {"format": {"type": "text"}}
_ECHOED_LAST: tuple[str, ...] = (
    "reasoning",
    "safety_identifier",
    "prompt_cache_key",
    "prompt_cache_options",
)


@dataclass(frozen=True)
class ResponseMeta:
    """What identifies one generated response."""

    request: dict[str, Any]
    model: str
    response_id: str
    created_at: int
    router_metadata: dict[str, Any] | None = None
    cached_tokens: int = 0
    cache_write_tokens: int = 0


def response_object(
    meta: ResponseMeta,
    *,
    status: str | None,
    output: list[dict[str, Any]],
    usage: dict[str, Any] | None,
    incomplete_reason: str | None = None,
    error: dict[str, Any] | None = None,
    error_type: str | None = None,
) -> dict[str, Any]:
    """Build a response object in the field order of today's recordings (2026-08).

    The fields and their order follow `stream-reasoning-encrypted-content-gpt-5.6-sol.sse` and
    `stream-reasoning-text-minimax-m3.sse`: every field OpenRouter's SDK marks required
    (`completed_at`, `presence_penalty`, `frequency_penalty`, ...) is present, `completed_at` is
    null until the response completes, and there is no `output_text`.

    Args:
        meta: Request, served model, id and creation time.
        status: Top-level `status`; `None` omits the key.
        output: Output items.
        usage: Usage object (`None` while in progress).
        incomplete_reason: `incomplete_details.reason`, if any.
        error: `error` object of a failed response.
        error_type: `error_type` of a failed response.

    Returns:
        The response object.
    """
    body: dict[str, Any] = {
        "id": meta.response_id,
        "object": "response",
        "created_at": meta.created_at,
        "model": meta.model,
    }
    if status is not None:
        body["status"] = status
    body["completed_at"] = meta.created_at if status == "completed" else None
    body["output"] = output
    body["error"] = error
    if error_type is not None:
        body["error_type"] = error_type
    body["incomplete_details"] = {"reason": incomplete_reason} if incomplete_reason else None
    body.update(_echo(meta.request))
    body["usage"] = usage
    if meta.router_metadata is not None and status != "in_progress":
        body["openrouter_metadata"] = meta.router_metadata
    return body


def _echo(request: dict[str, Any]) -> dict[str, Any]:
    echoed = {key: _value(request, key, default) for key, default in _ECHOED_DEFAULTS}
    echoed["tools"] = [tool for tool in echoed["tools"] if not _server_tool(tool)]
    echoed["previous_response_id"] = None
    echoed.update({key: _value(request, key, default) for key, default in _ECHOED_TAIL})
    echoed["store"] = False
    echoed["instructions"] = request.get("instructions")
    echoed["text"] = _value(request, "text", _DEFAULT_TEXT)
    echoed.update({key: request.get(key) for key in _ECHOED_LAST})
    if request.get("user") is not None:
        echoed["user"] = request["user"]
    return echoed


def _server_tool(tool: Any) -> bool:
    """Whether `tool` is an `openrouter:*` server tool, which the response's `tools` does not echo.

    OpenRouter runs these tools itself; the SDK's `OpenResponsesResult.tools` has no such variant.
    """
    return isinstance(tool, dict) and str(tool.get("type", "")).startswith("openrouter:")


def _value(request: dict[str, Any], key: str, default: Any) -> Any:
    value = request.get(key)
    return default if value is None else value
