"""OpenRouter Responses output → LangChain content blocks, tool calls, usage and metadata.

Pure functions over the decoded JSON. Each output item becomes standard v1
content blocks that also carry the raw item (`extras["item"]`, or `value["item"]`
of a `non_standard` block for items with no standard block, such as function
calls), so a returned message can be replayed exactly.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from langchain_core.messages import AIMessage, InvalidToolCall, ToolCall
from langchain_core.messages.ai import InputTokenDetails, OutputTokenDetails, UsageMetadata
from langchain_core.messages.tool import invalid_tool_call, tool_call

from langchain_openrouter_responses._wire.agent_calls import agent_tool_call, is_agent_call
from langchain_openrouter_responses._wire.hosted import IMAGE_ITEMS, image_block, server_tool_blocks, server_tool_name
from langchain_openrouter_responses._wire.items import ITEM_KEY
from langchain_openrouter_responses._wire.safety import SAFETY_METADATA

PROVIDER = "openrouter"
"""The provider as LangSmith knows it (`ls_provider`)."""
MODEL_PROVIDER = "openrouter_responses"
"""`response_metadata["model_provider"]`: the key this package's content-block translators are registered under.

Owned by this package, so another integration's `"openrouter"` translator neither
replaces ours nor is replaced by it."""

BlockKey = tuple[int, str, int]
"""Where a block comes from: (output index, part kind, part index)."""


class KeyedBlock(NamedTuple):
    """A content block (without its `index`) and the output part it represents."""

    key: BlockKey
    block: dict[str, Any]


def output_to_blocks(output: list[dict[str, Any]]) -> list[KeyedBlock]:
    """Map output items to content blocks, in output order.

    Args:
        output: The response's `output` array.

    Returns:
        One or more keyed blocks per item.
    """
    blocks: list[KeyedBlock] = []
    for position, item in enumerate(output):
        if not isinstance(item, dict):
            raise TypeError(f"output item {position} is not an object: {item!r:.80}")
        item_type = item.get("type")
        mapper = _ITEM_MAPPERS.get(str(item_type))
        if mapper is None:
            mapper = _non_standard_blocks if server_tool_name(item_type) is None else _server_tool_blocks
        blocks.extend(mapper(position, item))
    return blocks


def _reasoning_blocks(position: int, item: dict[str, Any]) -> list[KeyedBlock]:
    block: dict[str, Any] = {"type": "reasoning"}
    if text := reasoning_text(item):
        block["reasoning"] = text
    if item.get("id"):
        block["id"] = item["id"]
    block["extras"] = {ITEM_KEY: item}
    return [KeyedBlock((position, "reasoning", 0), block)]


REASONING_SEPARATOR = "\n\n"
"""Joins the parts of one reasoning item (raw reasoning parts, then summary parts)."""


def reasoning_text(item: dict[str, Any]) -> str:
    """Readable text of a reasoning item: its raw reasoning parts, then its summaries.

    Args:
        item: A `reasoning` output item.

    Returns:
        The non-empty parts joined by a blank line, or "" for an item that
        carries only encrypted content.
    """
    parts = [*(item.get("content") or ()), *(item.get("summary") or ())]
    texts = [str(part.get("text") or "") for part in parts if isinstance(part, dict)]
    return REASONING_SEPARATOR.join(text for text in texts if text)


def _message_blocks(position: int, item: dict[str, Any]) -> list[KeyedBlock]:
    blocks: list[KeyedBlock] = []
    content = item.get("content")
    if isinstance(content, str):
        content = [{"type": "output_text", "text": content}]
    for part_index, part in enumerate(content or ()):
        part_type = part.get("type") if isinstance(part, dict) else None
        if part_type == "output_text":
            block: dict[str, Any] = {"type": "text", "text": part.get("text", "")}
            if annotations := part.get("annotations"):
                block["annotations"] = [_annotation(annotation) for annotation in annotations]
            blocks.append(KeyedBlock((position, "text", part_index), block))
        elif part_type == "refusal":
            block = {"type": "refusal", "refusal": part.get("refusal", "")}
            blocks.append(KeyedBlock((position, "refusal", part_index), block))
    if not blocks:
        return _non_standard_blocks(position, item)
    for _, block in blocks:
        if item.get("id"):
            block["id"] = item["id"]
    blocks[0].block["extras"] = {ITEM_KEY: item}
    return blocks


def _annotation(annotation: Any) -> dict[str, Any]:
    """Map a Responses annotation to a LangChain citation (or a non-standard annotation)."""
    if not isinstance(annotation, dict) or annotation.get("type") != "url_citation":
        return {"type": "non_standard_annotation", "value": annotation}
    citation: dict[str, Any] = {"type": "citation", "url": annotation.get("url")}
    for key in ("title", "start_index", "end_index"):
        if annotation.get(key) is not None:
            citation[key] = annotation[key]
    if annotation.get("content"):
        citation["cited_text"] = annotation["content"]
    return citation


def _non_standard_blocks(position: int, item: dict[str, Any]) -> list[KeyedBlock]:
    return [KeyedBlock((position, "item", 0), {"type": "non_standard", "value": {ITEM_KEY: item}})]


def _server_tool_blocks(position: int, item: dict[str, Any]) -> list[KeyedBlock]:
    call, result = server_tool_blocks(position, item, server_tool_name(item.get("type")) or "")
    return [
        KeyedBlock((position, "server_tool_call", 0), call),
        KeyedBlock((position, "server_tool_result", 0), result),
    ]


def _image_blocks(position: int, item: dict[str, Any]) -> list[KeyedBlock]:
    block = image_block(item)
    return _non_standard_blocks(position, item) if block is None else [KeyedBlock((position, "image", 0), block)]


_ITEM_MAPPERS = {
    "reasoning": _reasoning_blocks,
    "message": _message_blocks,
    **dict.fromkeys(IMAGE_ITEMS, _image_blocks),
}


def parse_tool_calls(output: list[dict[str, Any]]) -> tuple[list[ToolCall], list[InvalidToolCall]]:
    """Read `function_call` items, custom tool calls and client tool searches as LangChain tool calls.

    Args:
        output: The response's `output` array.

    Returns:
        Valid tool calls and calls whose arguments are not a JSON object.
    """
    calls: list[ToolCall] = []
    invalid: list[InvalidToolCall] = []
    for item in output:
        if is_agent_call(item):
            calls.append(agent_tool_call(item))
            continue
        if item.get("type") != "function_call":
            continue
        arguments = item.get("arguments") or "{}"
        call_id, name = item.get("call_id"), item.get("name")
        try:
            args = json.loads(arguments, strict=False)
        except ValueError as error:
            invalid.append(invalid_tool_call(name=name, args=arguments, id=call_id, error=str(error)))
            continue
        if isinstance(args, dict):
            calls.append(tool_call(name=name or "", args=args, id=call_id))
        else:
            error_text = "tool arguments are not a JSON object"
            invalid.append(invalid_tool_call(name=name, args=arguments, id=call_id, error=error_text))
    return calls, invalid


def usage_metadata(usage: dict[str, Any] | None) -> UsageMetadata | None:
    """Map Responses `usage` to LangChain's `UsageMetadata`.

    Args:
        usage: The response's `usage` object (may be None).

    Returns:
        Token counts with cache-read, cache-write and reasoning details.
    """
    if not usage:
        return None
    input_tokens = _as_int(usage.get("input_tokens"))
    output_tokens = _as_int(usage.get("output_tokens"))
    total = usage.get("total_tokens")
    result = UsageMetadata(
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        total_tokens=_as_int(total) if total is not None else input_tokens + output_tokens,
    )
    input_details = usage.get("input_tokens_details") or {}
    input_token_details = InputTokenDetails()
    if input_details.get("cached_tokens") is not None:
        input_token_details["cache_read"] = _as_int(input_details["cached_tokens"])
    if input_details.get("cache_write_tokens") is not None:
        input_token_details["cache_creation"] = _as_int(input_details["cache_write_tokens"])
    if input_token_details:
        result["input_token_details"] = input_token_details
    reasoning_tokens = (usage.get("output_tokens_details") or {}).get("reasoning_tokens")
    if reasoning_tokens is not None:
        result["output_token_details"] = OutputTokenDetails(reasoning=_as_int(reasoning_tokens))
    return result


def _as_int(value: Any) -> int:
    return int(value) if value else 0


_USAGE_EXTRAS = ("cost", "cost_details", "is_byok")
_SERVER_TOOL_USE_KEYS = ("server_tool_use", "server_tool_use_details")
"""Where usage reports server-tool counts: the prose docs' name, then the spec's (reference §3.3)."""
_RESPONSE_EXTRAS = (
    "created_at",
    "service_tier",
    "incomplete_details",
    "error",
    "openrouter_metadata",
    *SAFETY_METADATA,
)


def response_metadata(response: dict[str, Any], *, has_tool_calls: bool) -> dict[str, Any]:
    """Build `response_metadata` from a response object.

    Args:
        response: The final response object.
        has_tool_calls: Whether the output holds function calls.

    Returns:
        id, model_name (the model that served), model_provider, status,
        finish_reason, and OpenRouter's cost fields, Armor's and the alignment plugin's verdicts
        (`safeguard_results`, `alignment`), server-tool counts
        (`server_tool_use_details`, `web_search_requests`) and the output text's
        `logprobs` when present.
    """
    status = response.get("status") or _implied_status(response)
    metadata: dict[str, Any] = {
        "id": response.get("id"),
        "model_name": response.get("model"),
        "model_provider": MODEL_PROVIDER,
        "status": status,
        "finish_reason": finish_reason(status, response.get("incomplete_details"), has_tool_calls),
    }
    for key in _RESPONSE_EXTRAS:
        if response.get(key) is not None:
            metadata[key] = response[key]
    usage = response.get("usage") or {}
    for key in _USAGE_EXTRAS:
        if usage.get(key) is not None:
            metadata[key] = usage[key]
    metadata.update(server_tool_use(usage))
    logprobs = output_logprobs(response.get("output"))
    if logprobs:
        metadata["logprobs"] = logprobs
    return metadata


def output_logprobs(output: Any) -> list[Any]:
    """The token logprobs of every `output_text` part, in output order (asked for with `top_logprobs`).

    Args:
        output: The response's `output` items.

    Returns:
        OpenRouter's logprob entries (`token`, `logprob`, `bytes`, `top_logprobs`), or [] when none.
    """
    found: list[Any] = []
    for item in output or ():
        if isinstance(item, dict) and item.get("type") == "message":
            for part in item.get("content") or ():
                if isinstance(part, dict) and part.get("logprobs"):
                    found.extend(part["logprobs"])
    return found


def server_tool_use(usage: dict[str, Any]) -> dict[str, Any]:
    """Server-tool counts from either place usage may report them.

    Args:
        usage: The response's `usage` object.

    Returns:
        `server_tool_use_details` (the counts, whichever key carried them) and
        `web_search_requests` (an int) when reported; otherwise nothing.
    """
    details: dict[str, Any] = {}
    for key in _SERVER_TOOL_USE_KEYS:
        if isinstance(usage.get(key), dict):
            details.update(usage[key])
    if not details:
        return {}
    found: dict[str, Any] = {"server_tool_use_details": details}
    if details.get("web_search_requests") is not None:
        found["web_search_requests"] = _as_int(details["web_search_requests"])
    return found


def _implied_status(response: dict[str, Any]) -> str:
    # Non-streaming bodies recorded in 2026-01 carry no top-level status.
    if response.get("error"):
        return "failed"
    return "incomplete" if response.get("incomplete_details") else "completed"


def finish_reason(status: str, incomplete_details: Any, has_tool_calls: bool) -> str:
    """Translate a Responses status into a chat-style finish reason.

    Args:
        status: The response status.
        incomplete_details: `{"reason": ...}` or None.
        has_tool_calls: Whether the output holds function calls.

    Returns:
        "stop", "tool_calls", "length", "content_filter", or the raw status.
    """
    if status == "incomplete":
        reason = (incomplete_details or {}).get("reason")
        return "length" if reason == "max_output_tokens" else str(reason or "incomplete")
    if status == "completed":
        return "tool_calls" if has_tool_calls else "stop"
    return status


def response_to_message(response: dict[str, Any]) -> AIMessage:
    """Convert a complete response object to an `AIMessage`.

    Args:
        response: The decoded (non-streaming) response body.

    Returns:
        The message: content blocks in output order, tool calls, usage and metadata.
    """
    output = response.get("output") or []
    content: list[str | dict[str, Any]] = []
    for index, (_, block) in enumerate(output_to_blocks(output)):
        block["index"] = index
        content.append(block)
    calls, invalid = parse_tool_calls(output)
    return AIMessage(
        content=content,
        tool_calls=calls,
        invalid_tool_calls=invalid,
        usage_metadata=usage_metadata(response.get("usage")),
        response_metadata=response_metadata(response, has_tool_calls=bool(calls or invalid)),
        id=response.get("id"),
    )
