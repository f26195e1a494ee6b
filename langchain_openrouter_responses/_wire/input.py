"""LangChain messages → Responses input items, replaying this package's own items exactly.

Pure functions over plain dicts. OpenRouter's Responses API is stateless, so the whole history
is converted on every call; items this package produced earlier (kept in content block
`extras["item"]`, or `value["item"]` of `non_standard` blocks) are replayed exactly as
OpenRouter returned them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    ChatMessage,
    FunctionMessage,
    HumanMessage,
    SystemMessage,
    ToolCall,
    ToolMessage,
)
from langchain_core.utils.json import parse_partial_json

from langchain_openrouter_responses._wire.agent_calls import (
    CUSTOM_CALL,
    CUSTOM_OUTPUT,
    answer_item,
    edited_call,
    is_agent_call,
)
from langchain_openrouter_responses._wire.input_items import is_item_block, item_of_block, refuse_adjacent_updates
from langchain_openrouter_responses._wire.items import raw_item
from langchain_openrouter_responses._wire.parts import MessageConversionError, input_part, with_message_cache_control
from langchain_openrouter_responses._wire.progress import is_progress_block

_ROLE_ALIASES = {"human": "user", "user": "user", "system": "system", "developer": "developer"}


def messages_to_input(messages: Sequence[BaseMessage]) -> list[dict[str, Any]]:
    """Convert a LangChain history to Responses `input` items.

    Args:
        messages: The conversation, oldest first.

    Returns:
        The `input` array for the request.

    Raises:
        MessageConversionError: A message type, role or block cannot be sent.
    """
    items: list[dict[str, Any]] = []
    for message in messages:
        if isinstance(message, AIMessage):
            items.extend(ai_message_to_items(message))
        elif isinstance(message, ToolMessage):
            items.append(_agent_call_answer(message, items) or tool_message_to_item(message))
        else:
            items.extend(_role_message_to_items(message))
    return refuse_adjacent_updates(items)


def _role_message_to_items(message: BaseMessage) -> list[dict[str, Any]]:
    # Input-only item blocks (configuration_update, tool_search_output, ...) go first, as their own items.
    content = message.content
    if isinstance(content, list) and any(map(is_item_block, content)):
        where = f"a {_role_of(message)} message"
        items = [item_of_block(block, where) for block in content if isinstance(block, dict) and is_item_block(block)]
        rest = [block for block in content if not is_item_block(block)]
        return items + ([_role_message_to_item(message, rest)] if rest else [])
    return [_role_message_to_item(message, content)]


def _role_message_to_item(message: BaseMessage, content: str | list[str | dict[str, Any]]) -> dict[str, Any]:
    role = _role_of(message)
    marker = message.additional_kwargs.get("cache_control")
    if isinstance(content, str) and not marker:
        return {"type": "message", "role": role, "content": content}
    blocks = [content] if isinstance(content, str) else content
    parts = [input_part(block, f"a {role} message") for block in blocks]
    return {"type": "message", "role": role, "content": with_message_cache_control(parts, marker)}


def _role_of(message: BaseMessage) -> str:
    if isinstance(message, HumanMessage):
        return "user"
    if isinstance(message, SystemMessage):
        override = message.additional_kwargs.get("__openai_role__")
        return "developer" if override == "developer" else "system"
    if isinstance(message, ChatMessage):
        role = _ROLE_ALIASES.get(message.role)
        if role is None:
            raise MessageConversionError(
                f"ChatMessage role {message.role!r} is not supported by the Responses API. "
                "Use one of 'user', 'system', 'developer', or an AIMessage / ToolMessage."
            )
        return role
    if isinstance(message, FunctionMessage):
        raise MessageConversionError(
            "FunctionMessage is the legacy function-calling format; use ToolMessage with tool_call_id."
        )
    raise MessageConversionError(
        f"Cannot send a {type(message).__name__}: expected HumanMessage, SystemMessage, "
        "AIMessage, ToolMessage or ChatMessage."
    )


def ai_message_to_items(message: AIMessage) -> list[dict[str, Any]]:
    """Convert an assistant turn to output items for replay.

    Items this package received from OpenRouter are replayed verbatim and in
    their original order, unless the message was edited since: changed text and
    tool calls with a changed name or arguments are sent as edited, and tool calls
    removed from `tool_calls` are left out (a call whose id was changed counts as
    removed, and is sent after the replayed items under its new id). Text written by hand becomes an assistant
    message; tool calls not already replayed become `function_call` items.

    Args:
        message: The assistant message.

    Returns:
        Input items representing the turn.
    """
    content = message.content
    blocks: list[str | dict[str, Any]] = [content] if isinstance(content, str) else list(content)
    items = _content_to_items(blocks, _Edits.of(message, blocks))
    return items + _missing_function_calls(message, items)


class _Edits:
    """What the message says now, to compare raw items against."""

    __slots__ = ("calls", "invalid_call_ids", "texts")

    def __init__(self, calls: dict[str, ToolCall], invalid_call_ids: set[str], texts: dict[str, list[str]]) -> None:
        self.calls = calls
        self.invalid_call_ids = invalid_call_ids
        self.texts = texts

    @classmethod
    def of(cls, message: AIMessage, blocks: list[str | dict[str, Any]]) -> _Edits:
        texts: dict[str, list[str]] = {}
        for block in blocks:
            if isinstance(block, dict) and block.get("type") == "text" and block.get("id"):
                texts.setdefault(str(block["id"]), []).append(str(block.get("text", "")))
        calls = {str(call["id"]): call for call in message.tool_calls if call.get("id")}
        invalid = {str(call["id"]) for call in message.invalid_tool_calls if call.get("id")}
        return cls(calls, invalid, texts)

    def apply(self, item: dict[str, Any]) -> dict[str, Any] | None:
        """The item as the message now has it, or None if it was removed."""
        if item.get("type") == "function_call":
            return self._function_call(item)
        if is_agent_call(item):
            call = self.calls.get(str(item.get("call_id")))
            return None if call is None else edited_call(item, call["args"])
        if item.get("type") == "message" and item.get("id") in self.texts:
            return _with_texts(item, self.texts[item["id"]])
        return item

    def _function_call(self, item: dict[str, Any]) -> dict[str, Any] | None:
        call_id = str(item.get("call_id"))
        if call_id in self.invalid_call_ids:
            return item
        call = self.calls.get(call_id)
        if call is None:
            return None
        edits: dict[str, Any] = {}
        if call["name"] != item.get("name"):
            edits["name"] = call["name"]
        # Streams parse arguments leniently (as langchain-core does), so compare the same way:
        # a call whose arguments were cut off still replays exactly as received.
        if parse_partial_json(item.get("arguments") or "{}") != call["args"]:
            edits["arguments"] = json.dumps(call["args"], ensure_ascii=False)
        return {**item, **edits} if edits else item


def _with_texts(item: dict[str, Any], texts: list[str]) -> dict[str, Any]:
    parts = item.get("content")
    if not isinstance(parts, list):
        return item
    text_parts = [part for part in parts if isinstance(part, dict) and part.get("type") == "output_text"]
    if [part.get("text") for part in text_parts] == texts:
        return item
    if len(text_parts) != len(texts):
        return {**item, "content": [{"type": "output_text", "text": text, "annotations": []} for text in texts]}
    edited = iter(texts)
    new_parts = [{**part, "text": next(edited)} if part in text_parts else part for part in parts]
    return {**item, "content": new_parts}


def _content_to_items(blocks: list[str | dict[str, Any]], edits: _Edits) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    replayed_ids: set[str] = set()
    loose_text: list[str] = []
    for block in blocks:
        if is_progress_block(block):
            continue  # a server tool's progress, shown while streaming; OpenRouter never takes it back
        raw = raw_item(block)
        if raw is not None:
            _flush_text(loose_text, items)
            current = edits.apply(raw) if raw.get("id") not in replayed_ids or raw.get("id") is None else None
            if current is not None:
                items.append(_with_required_id(current))
            if raw.get("id"):
                replayed_ids.add(raw["id"])
        elif isinstance(block, str):
            loose_text.append(block)
        elif isinstance(block, dict) and block.get("id") in replayed_ids:
            continue  # a further part of a message item already replayed whole
        elif isinstance(block, dict) and block.get("type") == "text":
            loose_text.append(str(block.get("text", "")))
    _flush_text(loose_text, items)
    return items


def _with_required_id(item: dict[str, Any]) -> dict[str, Any]:
    # OpenRouter's schema requires an id on function_call items, but Anthropic calls
    # come back without one. Derive it from call_id (never random) so the replayed
    # prefix stays identical across turns and provider prompt caches keep hitting.
    if item.get("type") == "function_call" and not item.get("id") and item.get("call_id"):
        return {**item, "id": _function_call_id(item["call_id"])}
    return item


def _function_call_id(call_id: str) -> str:
    return call_id if call_id.startswith(("fc_", "toolu_")) else f"fc_{call_id}"


def _flush_text(loose_text: list[str], items: list[dict[str, Any]]) -> None:
    text = "".join(loose_text)
    loose_text.clear()
    if text:
        items.append(_assistant_text_item(text))


def _assistant_text_item(text: str) -> dict[str, Any]:
    return {"type": "message", "role": "assistant", "content": text}


def _missing_function_calls(message: AIMessage, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    sent = {item.get("call_id") for item in items if item.get("type") == "function_call" or is_agent_call(item)}
    return [
        {
            "type": "function_call",
            "id": _function_call_id(str(call["id"])),
            "call_id": call["id"],
            "name": call["name"],
            "arguments": json.dumps(call["args"], ensure_ascii=False),
        }
        for call in message.tool_calls
        if call.get("id") and call["id"] not in sent
    ]


def tool_message_to_item(message: ToolMessage) -> dict[str, Any]:
    """Convert a tool result to a `function_call_output` item.

    Args:
        message: The tool's result.

    Returns:
        The item: string output for text; a list of `input_*` parts when the
        result holds images or files (as MCP tools return); JSON text for
        unknown blocks, so nothing is dropped.

    Raises:
        MessageConversionError: The result holds audio or video, which tool
            output cannot carry.
    """
    output = _tool_output(message.content, message.tool_call_id)
    return {"type": "function_call_output", "call_id": message.tool_call_id, "output": output}


def _agent_call_answer(message: ToolMessage, items: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The `custom_tool_call_output` or `tool_search_output` item of a result, or None for a function call's.

    The call is the custom tool call or client tool search with this `tool_call_id` earlier in
    the history; a result holding a `custom_tool_call_output` block (langchain-openai's
    `custom_tool` returns one) answers a custom call whatever the history holds.
    """
    call_id = message.tool_call_id
    call = next((item for item in reversed(items) if is_agent_call(item) and item.get("call_id") == call_id), None)
    content = message.content
    blocks = content if isinstance(content, list) else []
    marked = next((b for b in blocks if isinstance(b, dict) and b.get("type") == CUSTOM_OUTPUT), None)
    if marked is not None:
        return {"type": CUSTOM_OUTPUT, "call_id": call_id, "output": marked.get("output") or ""}
    if call is None:
        return None
    if call.get("type") == CUSTOM_CALL:
        return answer_item(call, call_id, _tool_output(content, call_id))
    texts = content if isinstance(content, str) else _joined_text(content)
    return answer_item(call, call_id, texts if texts is not None else content)  # type: ignore[arg-type]


def _joined_text(content: list[str | dict[str, Any]]) -> str | None:
    if all(isinstance(block, str) or block.get("type") == "text" for block in content):
        return "".join(block if isinstance(block, str) else str(block.get("text", "")) for block in content)
    return None


TOOL_OUTPUT_PARTS = ("input_text", "input_image", "input_file")
"""The only parts `function_call_output.output` takes (reference §2.2(d)): no audio, no video."""


def _tool_output(content: str | list[str | dict[str, Any]], call_id: str) -> str | list[dict[str, Any]]:
    if isinstance(content, str):
        return content
    if all(isinstance(block, str) or block.get("type") == "text" for block in content):
        return "".join(block if isinstance(block, str) else str(block.get("text", "")) for block in content)
    try:
        parts = [input_part(block, "a tool result") for block in content]
    except MessageConversionError:
        return json.dumps(content, ensure_ascii=False, default=str)
    for block, part in zip(content, parts, strict=True):
        _check_tool_output_part(block, part, call_id)
    return parts


def _check_tool_output_part(block: Any, part: dict[str, Any], call_id: str) -> None:
    if part["type"] in TOOL_OUTPUT_PARTS:
        return
    kind = block.get("type") if isinstance(block, dict) else type(block).__name__
    raise MessageConversionError(
        f"The tool result for call {call_id!r} holds a {kind!r} block, which OpenRouter cannot take as tool output: "
        f"function_call_output accepts only {', '.join(TOOL_OUTPUT_PARTS)} parts (text, images and files). "
        "Return text from the tool, or send the media in a HumanMessage after the ToolMessage "
        "(user messages accept audio and video)."
    )
