"""`content_blocks` for this package's messages (registered for `model_provider="openrouter_responses"`).

The native content is already made of standard v1 blocks, except function calls,
whose raw items ride in `non_standard` blocks. langchain-core's best-effort parser
would drop those blocks' `index` (breaking stream merging under
`output_version="v1"`) and list each call twice; these translators keep indexes
and present each call once, as a `tool_call` block carrying its raw item in
`extras["item"]`. Messages not produced by this package fall back to core's
best-effort parsing.
"""

from __future__ import annotations

from typing import Any, cast

from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.messages import content as types
from langchain_core.messages.block_translators import get_translator, register_translator

from langchain_openrouter_responses._wire.agent_calls import is_agent_call
from langchain_openrouter_responses._wire.items import ITEM_KEY, is_announced_block, raw_item
from langchain_openrouter_responses._wire.progress import is_progress_block
from langchain_openrouter_responses._wire.response import MODEL_PROVIDER, PROVIDER
from langchain_openrouter_responses._wire.safety import blocked_call_block, is_blocked_call


def function_call_item(block: Any) -> dict[str, Any] | None:
    """Return the raw call item a `non_standard` block carries: a function, custom tool or client tool-search call.

    Args:
        block: A content block.

    Returns:
        The raw item, or None.
    """
    item = raw_item(block) if isinstance(block, dict) and block.get("type") == "non_standard" else None
    return item if _is_call_item(item) else None


def _is_call_item(item: dict[str, Any] | None) -> bool:
    return item is not None and (item.get("type") == "function_call" or is_agent_call(item))


def translate_content(message: AIMessage) -> list[types.ContentBlock]:
    """Standard blocks of a complete message.

    Args:
        message: A message returned by `ChatOpenRouterResponses`.

    Returns:
        Its blocks, with function calls as `tool_call` blocks.

    Raises:
        NotImplementedError: The message was not produced by this package.
    """
    content = _own_content(message.content)
    calls = {call["id"]: call for call in message.tool_calls if call.get("id")}
    invalid = {call["id"]: call for call in message.invalid_tool_calls if call.get("id")}
    blocks: list[dict[str, Any]] = []
    for block in content:
        item = function_call_item(block) or _v1_call_item(block)
        if item is None:
            blocks.append(_shown(block))
        elif (call := calls.pop(item.get("call_id"), None)) is not None:
            blocks.append({**_tool_call_block(call), "extras": {ITEM_KEY: item}})
        elif (bad := invalid.get(item.get("call_id"))) is not None:
            blocks.append({"type": "invalid_tool_call", **bad, "extras": {ITEM_KEY: item}})
        # else: the call was removed from tool_calls, and replay leaves it out too
    blocks.extend(_tool_call_block(call) for call in calls.values())
    return cast("list[types.ContentBlock]", blocks)


def _v1_call_item(block: dict[str, Any]) -> dict[str, Any] | None:
    # Content already in v1 form (a message rebuilt from `content_blocks`): the raw item
    # rides in the `tool_call` block itself, and replay reads it from there.
    item = raw_item(block) if block.get("type") == "tool_call" else None
    return item if _is_call_item(item) else None


def _tool_call_block(call: Any) -> dict[str, Any]:
    return {"type": "tool_call", "id": call["id"], "name": call["name"], "args": call["args"]}


def translate_content_chunk(chunk: AIMessageChunk) -> list[types.ContentBlock]:
    """Standard blocks of a chunk, or of an aggregated stream.

    Args:
        chunk: A chunk (or sum of chunks) streamed by `ChatOpenRouterResponses`.

    Returns:
        Its blocks; tool-call chunks keep their `index` so they merge, and become
        `tool_call` blocks once the aggregate is complete.

    Raises:
        NotImplementedError: The chunk was not produced by this package.
    """
    content = [] if chunk.content == "" else _own_content(chunk.content, allow_plain=bool(chunk.tool_call_chunks))
    settled = _settled_calls(chunk)
    call_blocks: dict[Any, dict[str, Any]] = {}
    for piece in chunk.tool_call_chunks:
        call = settled.get(piece.get("id")) if piece.get("name") else None
        call_blocks[piece.get("index")] = {"type": "tool_call_chunk", **piece} if call is None else call
    blocks: list[dict[str, Any]] = []
    for block in content:
        item = function_call_item(block)
        if item is None and is_announced_block(block):
            # The place of an item not yet received: its call's chunk (an announced call), if any, shows there.
            blocks.append(call_blocks.pop(block.get("index"), block))
            continue
        merged = call_blocks.pop(block.get("index"), None) if item else None
        if merged is None:
            blocks.append(_shown(block))
        else:
            blocks.append({**merged, "extras": {ITEM_KEY: item}})
    blocks.extend(call_blocks.values())
    return cast("list[types.ContentBlock]", blocks)


def _settled_calls(chunk: AIMessageChunk) -> dict[Any, dict[str, Any]]:
    """The `tool_call` and `invalid_tool_call` blocks of a complete stream's calls, by id (none before the end)."""
    if not chunk.chunk_position:
        return {}
    settled: dict[Any, dict[str, Any]] = {
        call["id"]: {"type": "invalid_tool_call", **call} for call in chunk.invalid_tool_calls if call.get("id")
    }
    settled.update((call["id"], _tool_call_block(call)) for call in chunk.tool_calls if call.get("id"))
    return settled


def _shown(block: dict[str, Any]) -> dict[str, Any]:
    # A call Armor blocked shows as an invalid tool call once its raw item has arrived.
    item = raw_item(block) if block.get("type") == "non_standard" else None
    if item is None or not is_blocked_call(item):
        return block
    shown = blocked_call_block(item)
    return {**shown, "index": block["index"]} if "index" in block else shown


def _own_content(content: Any, *, allow_plain: bool = False) -> list[dict[str, Any]]:
    if isinstance(content, str) or not all(isinstance(block, dict) for block in content):
        raise NotImplementedError
    if not allow_plain and not any(map(_is_own_block, content)):
        raise NotImplementedError
    return cast("list[dict[str, Any]]", content)


def _is_own_block(block: dict[str, Any]) -> bool:
    # A progress block shows as it is, so the final chunk's settling recognises it under v1 too.
    return raw_item(block) is not None or is_announced_block(block) or is_progress_block(block)


def register() -> None:
    """Register the translators under this package's own `model_provider` key.

    Messages saved by earlier releases say `model_provider="openrouter"`; that key is
    claimed too, but only while no other package has registered a translator for it.
    """
    register_translator(MODEL_PROVIDER, translate_content, translate_content_chunk)
    if get_translator(PROVIDER) is None:
        register_translator(PROVIDER, translate_content, translate_content_chunk)
