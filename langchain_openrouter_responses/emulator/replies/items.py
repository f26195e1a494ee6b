"""Builders for Responses API output items (the `output` list of a reply).

Ids come from a process-wide counter: deterministic for a given build order and
unique within the process, so replayed histories never hold duplicate ids.
"""

from __future__ import annotations

from typing import Any

from langchain_openrouter_responses.emulator.replies.ids import next_number

Item = dict[str, Any]


def text_item(
    text: str,
    *,
    id: str | None = None,  # noqa: A002 - mirrors the wire field name
    phase: str | None = None,
    annotations: list[dict[str, Any]] | None = None,
) -> Item:
    """Build an assistant `message` item with one `output_text` part.

    Args:
        text: The answer text.
        id: Item id; defaults to `msg_tmp_<n>`.
        phase: Optional `phase` (`"commentary"` or `"final_answer"`).
        annotations: Annotations of the text part (default none).

    Returns:
        The item as a JSON-ready dict.
    """
    part = {
        "type": "output_text",
        "text": text,
        "annotations": list(annotations or []),
        "logprobs": [],
    }
    item: Item = {
        "id": id or f"msg_tmp_{next_number()}",
        "type": "message",
        "role": "assistant",
        "status": "completed",
        "content": [part],
    }
    if phase is not None:
        item["phase"] = phase
    return item


def reasoning_item(
    *,
    text: str | None = None,
    summary: list[str] | None = None,
    encrypted_content: str | None = None,
    signature: str | None = None,
    format: str = "unknown",  # noqa: A002 - mirrors the wire field name
    id: str | None = None,  # noqa: A002 - mirrors the wire field name
) -> Item:
    """Build a `reasoning` item.

    Args:
        text: Visible reasoning, sent as one `reasoning_text` content part.
        summary: Summary texts, one `summary_text` part each.
        encrypted_content: Opaque reasoning state (OpenAI-style).
        signature: Thinking signature (Anthropic-style).
        format: The `format` tag, e.g. `"anthropic-claude-v1"`.
        id: Item id; defaults to `rs_tmp_<n>`.

    Returns:
        The item as a JSON-ready dict.
    """
    item: Item = {
        "id": id or f"rs_tmp_{next_number()}",
        "type": "reasoning",
        "status": "completed",
        "summary": [{"type": "summary_text", "text": part} for part in summary or []],
    }
    if text is not None:
        item["content"] = [{"type": "reasoning_text", "text": text}]
    if encrypted_content is not None:
        item["encrypted_content"] = encrypted_content
    if signature is not None:
        item["signature"] = signature
    item["format"] = format
    return item


def function_call_item(
    name: str,
    arguments: str,
    *,
    call_id: str | None = None,
    id: str | None = None,  # noqa: A002 - mirrors the wire field name
) -> Item:
    """Build a `function_call` item.

    Args:
        name: Tool name.
        arguments: JSON-encoded arguments (a string, as on the wire).
        call_id: Call id; defaults to `call_<n>`.
        id: Item id; defaults to `fc_tmp_<n>`.

    Returns:
        The item as a JSON-ready dict.
    """
    return _call_item("function_call", "fc_tmp", call_id, id, name=name, arguments=arguments)


def custom_tool_call_item(
    name: str,
    input: str,  # noqa: A002 - mirrors the wire field name
    *,
    call_id: str | None = None,
    id: str | None = None,  # noqa: A002 - mirrors the wire field name
) -> Item:
    """Build a `custom_tool_call` item: a call of a `custom` (free-text) tool.

    Args:
        name: Tool name.
        input: The tool's free-text input.
        call_id: Call id; defaults to `call_<n>`.
        id: Item id; defaults to `ctc_tmp_<n>`.

    Returns:
        The item as a JSON-ready dict.
    """
    return _call_item("custom_tool_call", "ctc_tmp", call_id, id, name=name, input=input)


def tool_search_call_item(
    arguments: Any,
    *,
    call_id: str | None = None,
    id: str | None = None,  # noqa: A002 - mirrors the wire field name
) -> Item:
    """Build a client-executed `tool_search_call` item (the client runs the search).

    Args:
        arguments: What the model searches for, e.g. `{"query": "weather"}`.
        call_id: Call id; defaults to `call_<n>`.
        id: Item id; defaults to `ts_tmp_<n>`.

    Returns:
        The item as a JSON-ready dict.
    """
    return _call_item("tool_search_call", "ts_tmp", call_id, id, execution="client", arguments=arguments)


def _call_item(kind: str, id_prefix: str, call_id: str | None, item_id: str | None, **fields: Any) -> Item:
    """A completed call item of `kind`: ids numbered alike, then `fields`, in wire order."""
    number = next_number()
    return {
        "type": kind,
        "id": item_id or f"{id_prefix}_{number}",
        "call_id": call_id or f"call_{number}",
        **fields,
        "status": "completed",
    }


def armor_blocked_item(
    name: str,
    arguments: str,
    *,
    explanation: str = "[No destructive commands]",
    reason: str = "This tool call was blocked by a safety rule.",
    call_id: str | None = None,
    id: str | None = None,  # noqa: A002 - mirrors the wire field name
) -> Item:
    """Build an `openrouter:armor_blocked` item: a client tool call OpenRouter Armor blocked.

    Args:
        name: The tool the model called.
        arguments: The arguments as the model wrote them (JSON text).
        explanation: The blocking rule, in `[Rule Name]` form.
        reason: The error text the model received as the call's result.
        call_id: The call id the model chose; defaults to `call_<n>`.
        id: Item id; defaults to `ab_tmp_<n>`.

    Returns:
        The item as a JSON-ready dict.
    """
    number = next_number()
    return {
        "type": "openrouter:armor_blocked",
        "id": id or f"ab_tmp_{number}",
        "call_id": call_id or f"call_{number}",
        "name": name,
        "arguments": arguments,
        "explanation": explanation,
        "reason": reason,
        "status": "completed",
    }


TINY_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
"""A 1x1 PNG, the emulator's generated image."""


def image_generation_item(
    result: str = TINY_PNG,
    *,
    output_format: str = "png",
    revised_prompt: str | None = None,
    id: str | None = None,  # noqa: A002 - mirrors the wire field name
) -> Item:
    """Build an `image_generation_call` item holding a generated image.

    Args:
        result: The image, base64-encoded (default: a 1x1 PNG).
        output_format: `png`, `jpeg` or `webp`.
        revised_prompt: The prompt the image model used, when reported.
        id: Item id; defaults to `ig_tmp_<n>`.

    Returns:
        The item as a JSON-ready dict.
    """
    item: Item = {
        "id": id or f"ig_tmp_{next_number()}",
        "type": "image_generation_call",
        "status": "completed",
        "output_format": output_format,
        "result": result,
    }
    if revised_prompt is not None:
        item["revised_prompt"] = revised_prompt
    return item
