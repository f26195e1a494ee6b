"""Responses stream events → `AIMessageChunk`s, shared by the sync and async paths.

`StreamState.handle` takes one decoded event and returns the chunk to yield (or
None). Deltas become small indexed blocks; the terminal event becomes the final
chunk, which fills in whatever the deltas never carried (ids, raw items for
replay, summaries or tool arguments that only arrived at the end) and carries
usage and metadata once, with `chunk_position="last"`. A server tool's progress events (web search
statuses, partial images, fusion runs) become chunks of one progress block each
(`_wire/progress.py`), which the final chunk drops.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langchain_core.messages.tool import ToolCallChunk, tool_call_chunk

from langchain_openrouter_responses._wire.agent_calls import (
    announced_arguments,
    call_arguments,
    call_name,
    escaped,
    is_agent_call,
)
from langchain_openrouter_responses._wire.hosted import IMAGE_ITEMS, announced_blocks, image_block, server_tool_name
from langchain_openrouter_responses._wire.items import announced_block
from langchain_openrouter_responses._wire.progress import PROGRESS_EVENTS, progress_block
from langchain_openrouter_responses._wire.response import (
    MODEL_PROVIDER,
    REASONING_SEPARATOR,
    BlockKey,
    output_to_blocks,
    response_metadata,
    usage_metadata,
)
from langchain_openrouter_responses._wire.safety import is_blocked_call
from langchain_openrouter_responses._wire.settled import SettledAIMessageChunk

FAILURE_EVENTS = frozenset({"response.failed", "response.error", "error"})
TEXT_DELTA = "response.output_text.delta"


class StreamState:
    """What one stream has produced so far, and how to turn the next event into a chunk.

    Blocks get indexes in the order they first appear, so the aggregate of the
    chunks lists them in output order, like the non-streaming result.
    """

    __slots__ = (
        "_announced",
        "_block_of",
        "_debug",
        "_done_items",
        "_done_logprobs",
        "_extra_metadata",
        "_image_formats",
        "_item_position",
        "_placed",
        "_placeholder_metadata",
        "_progress_shown",
        "_reasoning_parts",
        "_sent_whole",
        "_streamed",
        "final",
    )

    def __init__(self, extra_metadata: dict[str, Any] | None = None, *, output_version: str | None = None) -> None:
        """Start with no items seen.

        Args:
            extra_metadata: Added to the final chunk's `response_metadata`.
            output_version: The model's `output_version`. With "v1", core replaces each chunk's
                content by its `content_blocks`, so chunks that only keep an item's place name this
                package's translator (`model_provider`), which keeps their `index`.
        """
        self._extra_metadata = extra_metadata or {}
        self._placeholder_metadata = {"model_provider": MODEL_PROVIDER} if output_version == "v1" else {}
        self._item_position: dict[str, int] = {}
        self._block_of: dict[BlockKey, int] = {}
        self._streamed: dict[int, list[str]] = {}
        self._reasoning_parts: set[tuple[int, str, int]] = set()
        self._done_items: dict[int, dict[str, Any]] = {}
        self._announced: dict[int, frozenset[str]] = {}
        self._debug: list[Any] = []
        self._done_logprobs: list[Any] = []
        self._placed: set[int] = set()
        self._sent_whole: set[int] = set()
        self._image_formats: dict[str, str] = {}
        self._progress_shown = 0
        self.final: dict[str, Any] | None = None

    def handle(self, event: dict[str, Any]) -> SettledAIMessageChunk | None:
        """Process one event.

        Args:
            event: A decoded stream event.

        Returns:
            The chunk to yield, or None when the event adds nothing visible.
            Failure events are not handled here (see `FAILURE_EVENTS`).
        """
        handler = _HANDLERS.get(event.get("type", ""))
        return handler(self, event) if handler else None

    # -- helpers ---------------------------------------------------------------

    def _position(self, event: dict[str, Any]) -> int:
        item_id = event.get("item_id")
        if item_id is not None and item_id in self._item_position:
            return self._item_position[item_id]
        position: int = event.get("output_index", 0)
        return position

    def _block(self, key: BlockKey) -> tuple[int, bool]:
        index = self._block_of.get(key)
        if index is not None:
            return index, False
        index = len(self._block_of)
        self._block_of[key] = index
        self._streamed[index] = []
        return index, True

    def _piece(self, key: BlockKey, text: Any) -> int | None:
        """Record a delta of the block `key`; return the block's index (None for an empty delta)."""
        index, _ = self._block(key)
        if not text:
            return None
        if not isinstance(text, str):
            raise TypeError(f"delta is {type(text).__name__}, not a string")
        self._streamed[index].append(text)
        return index

    def _delta(self, key: BlockKey, block_type: str, field: str, text: Any) -> SettledAIMessageChunk | None:
        index = self._piece(key, text)
        return (
            None
            if index is None
            else SettledAIMessageChunk(content=[{"type": block_type, field: text, "index": index}])
        )

    def text_piece(self, event: dict[str, Any]) -> tuple[int, str] | None:
        """Record an `output_text.delta` without building its chunk; return (block index, text)."""
        text = event.get("delta", "")
        index = self._piece((self._position(event), "text", event.get("content_index", 0)), text)
        return None if index is None else (index, text)

    # -- event handlers --------------------------------------------------------

    def _on_item_added(self, event: dict[str, Any]) -> SettledAIMessageChunk | None:
        item = event.get("item") or {}
        position = event.get("output_index", len(self._item_position))
        if item.get("id") is not None:
            self._item_position.setdefault(item["id"], position)
        if item.get("type") in IMAGE_ITEMS:
            if item.get("id") is not None and item.get("output_format"):
                self._image_formats[item["id"]] = str(item["output_format"])
            return None  # its block (an image, or non_standard if it fails) is known at output_item.done
        return self._reserve(position, item, done=False)

    def _reserve(self, position: int, item: dict[str, Any], *, done: bool) -> SettledAIMessageChunk | None:  # noqa: PLR0911  # one return per item kind
        """Announce the blocks of an item the stream has not placed yet, so they keep their place in output order.

        Called when an item is added, and again when it is done: an item the stream never announced
        (or a message part it never opened) gets its place there, before any later item's events.
        """
        item_type = item.get("type")
        if item_type == "message":
            return self._reserve_parts(position, item, done=done)
        if item_type == "reasoning":
            index, new = self._block((position, "reasoning", 0))
            return SettledAIMessageChunk(content=[{"type": "reasoning", "index": index}]) if new else None
        if item_type == "function_call" or is_agent_call(item):
            return self._reserve_call(position, item, done=done)
        if is_blocked_call(item):
            return self._send_whole(position, item)
        name = server_tool_name(item_type)
        if name is not None:
            return None if (position, "server_tool_call", 0) in self._block_of else self._announce(position, name, item)
        if item_type in IMAGE_ITEMS and image_block(item) is not None:
            index, new = self._block((position, "image", 0))
            self._announced[index] = frozenset()
            return SettledAIMessageChunk(content=[{"type": "image", "index": index}]) if new else None
        return self._placeholder(position)

    def _reserve_parts(self, position: int, item: dict[str, Any], *, done: bool) -> SettledAIMessageChunk | None:
        content = item.get("content")
        parts = content if isinstance(content, list) else [{"type": "output_text"}] if content else []
        blocks: list[str | dict[str, Any]] = []
        for part_index, part in enumerate(parts):
            kind = _PART_KINDS.get(str(part.get("type"))) if isinstance(part, dict) else None
            if kind is not None:
                index, new = self._block((position, kind, part_index))
                if new:
                    blocks.append({"type": kind, kind: "", "index": index})
        if done and not any(key[0] == position for key in self._block_of):
            return self._placeholder(position)  # a message without text or refusal is non_standard
        return SettledAIMessageChunk(content=blocks) if blocks else None

    def _reserve_call(self, position: int, item: dict[str, Any], *, done: bool) -> SettledAIMessageChunk | None:
        # A function call, custom tool call or client tool search. The call's chunk goes out when
        # it is added; its place among the blocks is kept once it is done (an item announced ahead
        # of earlier ones does not jump the queue).
        index, new = self._block((position, "item", 0))
        content: list[str | dict[str, Any]] = []
        if done and index not in self._placed:
            self._placed.add(index)
            content.append(announced_block(index))
        if not new:
            return self._placed_chunk(content) if content else None
        if item.get("type") == "function_call":
            arguments, name = item.get("arguments") or "", item.get("name")
        else:
            arguments, name = announced_arguments(item), call_name(item)
        self._streamed[index].append(arguments)
        call = tool_call_chunk(name=name, args=arguments, id=item.get("call_id"), index=index)
        return self._placed_chunk(content, [call])

    def _send_whole(self, position: int, item: dict[str, Any]) -> SettledAIMessageChunk | None:
        # A call Armor blocked arrives finished: its block goes out whole when it is first seen
        # (no placeholder, whose type would differ from the blocked call's under
        # output_version="v1"), and the final chunk leaves it out.
        index, new = self._block((position, "item", 0))
        if not new:
            return None
        self._sent_whole.add(index)
        blocks: list[str | dict[str, Any]] = [{**keyed.block, "index": index} for keyed in output_to_blocks([item])]
        return SettledAIMessageChunk(content=blocks, response_metadata=self._placeholder_metadata.copy())

    def _placeholder(self, position: int) -> SettledAIMessageChunk | None:
        # The raw item comes with the final chunk; merging fills the empty `value` in.
        index, new = self._block((position, "item", 0))
        return self._placed_chunk([announced_block(index)]) if new else None

    def _placed_chunk(
        self, placeholders: list[str | dict[str, Any]], calls: list[ToolCallChunk] | None = None
    ) -> SettledAIMessageChunk:
        metadata = self._placeholder_metadata.copy()
        return SettledAIMessageChunk(content=placeholders, tool_call_chunks=calls or [], response_metadata=metadata)

    def _announce(self, position: int, name: str, item: dict[str, Any]) -> SettledAIMessageChunk:
        # Reserve the call's and the result's indexes now, so they keep their place in output order.
        blocks: list[str | dict[str, Any]] = []
        for kind, block in zip(("server_tool_call", "server_tool_result"), announced_blocks(name, item), strict=True):
            index, _ = self._block((position, kind, 0))
            self._announced[index] = frozenset(block) - {"type", "args"}
            blocks.append({**block, "index": index})
        return SettledAIMessageChunk(content=blocks)

    def _on_part_added(self, event: dict[str, Any]) -> SettledAIMessageChunk | None:
        kind = _PART_KINDS.get(str((event.get("part") or {}).get("type")))
        if kind is None:
            return None
        index, new = self._block((self._position(event), kind, event.get("content_index", 0)))
        return SettledAIMessageChunk(content=[{"type": kind, kind: "", "index": index}]) if new else None

    def _on_text_delta(self, event: dict[str, Any]) -> SettledAIMessageChunk | None:
        piece = self.text_piece(event)
        return (
            None
            if piece is None
            else SettledAIMessageChunk(content=[{"type": "text", "text": piece[1], "index": piece[0]}])
        )

    def _on_refusal_delta(self, event: dict[str, Any]) -> SettledAIMessageChunk | None:
        key = (self._position(event), "refusal", event.get("content_index", 0))
        return self._delta(key, "refusal", "refusal", event.get("delta", ""))

    def _on_reasoning_delta(self, event: dict[str, Any]) -> SettledAIMessageChunk | None:
        return self._reasoning_delta(event, ("content", event.get("content_index", 0)))

    def _on_summary_delta(self, event: dict[str, Any]) -> SettledAIMessageChunk | None:
        return self._reasoning_delta(event, ("summary", event.get("summary_index", 0)))

    def _reasoning_delta(self, event: dict[str, Any], part: tuple[str, int]) -> SettledAIMessageChunk | None:
        # One block per reasoning item; its parts are separated as in `reasoning_text`.
        position = self._position(event)
        delta = event.get("delta", "")
        key = (position, "reasoning", 0)
        if delta and (position, *part) not in self._reasoning_parts:
            self._reasoning_parts.add((position, *part))
            index = self._block_of.get(key)
            if index is not None and self._streamed[index]:
                delta = REASONING_SEPARATOR + delta
        return self._delta(key, "reasoning", "reasoning", delta)

    def _on_arguments_delta(self, event: dict[str, Any]) -> SettledAIMessageChunk | None:
        index, _ = self._block((self._position(event), "item", 0))
        delta = event.get("delta", "")
        if not delta:
            return None
        self._streamed[index].append(delta)
        return SettledAIMessageChunk(content=[], tool_call_chunks=[tool_call_chunk(args=delta, index=index)])

    def _on_custom_input_delta(self, event: dict[str, Any]) -> SettledAIMessageChunk | None:
        # The text streams inside the `__arg1` JSON string the announcement opened.
        delta = event.get("delta", "")
        return self._on_arguments_delta({**event, "delta": escaped(delta)}) if delta else None

    def _on_code_delta(self, event: dict[str, Any]) -> SettledAIMessageChunk | None:
        # A code interpreter's code streams into its `server_tool_call` block's `args["code"]`.
        delta = event.get("delta", "")
        index = self._piece((self._position(event), "server_tool_call", 0), delta)
        block = {"type": "server_tool_call", "args": {"code": delta}, "index": index}
        return None if index is None else SettledAIMessageChunk(content=[block])

    def _on_progress(self, event: dict[str, Any]) -> SettledAIMessageChunk | None:
        # A progress block of its own (see `_wire/progress.py`); the final chunk drops them all. It
        # names this package's translator whatever the output version, so `content_blocks` keeps its index.
        image_format = self._image_formats.get(str(event.get("item_id")))
        block = progress_block(event, self._progress_shown, image_format)
        if block is None:
            return None
        self._progress_shown += 1
        return SettledAIMessageChunk(content=[block], response_metadata={"model_provider": MODEL_PROVIDER})

    def _on_item_done(self, event: dict[str, Any]) -> SettledAIMessageChunk | None:
        item = event.get("item")
        if not isinstance(item, dict):
            return None
        position = event.get("output_index", len(self._done_items))
        self._done_items[position] = item
        return self._reserve(position, item, done=True)

    def _on_text_done(self, event: dict[str, Any]) -> None:
        # Logprobs come with the final parts; these are kept in case the final response lacks them.
        if event.get("logprobs"):
            self._done_logprobs.extend(event["logprobs"])

    def _on_debug(self, event: dict[str, Any]) -> None:
        self._debug.append(event.get("debug"))

    def _on_terminal(self, event: dict[str, Any]) -> SettledAIMessageChunk:
        response = event.get("response") or {}
        if not response.get("output") and self._done_items:
            response = {**response, "output": [self._done_items[i] for i in sorted(self._done_items)]}
        self.final = response
        return self._final_chunk(response)

    # -- the final chunk -------------------------------------------------------

    def _final_chunk(self, response: dict[str, Any]) -> SettledAIMessageChunk:
        output = response.get("output") or []
        content: list[str | dict[str, Any]] = []
        call_chunks: list[ToolCallChunk] = []
        for key, block in output_to_blocks(output):
            index, new = self._block(key)
            if index in self._sent_whole:
                continue
            content.append(self._completion_block(block, index, new=new))
            item = output[key[0]]
            if item.get("type") == "function_call" or is_agent_call(item):
                call_chunks.extend(self._missing_arguments(item, index, new=new))
        has_tool_calls = any(item.get("type") == "function_call" or is_agent_call(item) for item in output)
        metadata = {**response_metadata(response, has_tool_calls=has_tool_calls), **self._extra_metadata}
        if self._debug:
            metadata["debug"] = self._debug
        if self._done_logprobs and "logprobs" not in metadata:
            metadata["logprobs"] = self._done_logprobs
        return SettledAIMessageChunk(
            content=content,
            tool_call_chunks=call_chunks,
            usage_metadata=usage_metadata(response.get("usage")),
            response_metadata=metadata,
            id=response.get("id"),
            chunk_position="last",
        )

    def _completion_block(self, block: dict[str, Any], index: int, *, new: bool) -> dict[str, Any]:
        if new:
            return {**block, "index": index}
        sent = self._announced.get(index, _STREAMED_FIELDS)
        completion = {k: v for k, v in block.items() if k not in sent}
        completion["index"] = index
        text_field = _STREAMED_FIELD_OF.get(block["type"])
        if block["type"] == "server_tool_call" and self._streamed[index]:
            code = str(block["args"].get("code") or "")
            completion["args"] = {**block["args"], "code": _missing_suffix(code, self._streamed[index])}
        elif text_field and text_field in block:
            # Always present (possibly ""), so the final chunk's blocks are valid on their own.
            completion[text_field] = _missing_suffix(block[text_field], self._streamed[index])
        return completion

    def _missing_arguments(self, item: dict[str, Any], index: int, *, new: bool) -> list[ToolCallChunk]:
        agent_call = is_agent_call(item)
        arguments = call_arguments(item) if agent_call else item.get("arguments") or ""
        if new:
            name = call_name(item) if agent_call else item.get("name")
            return [tool_call_chunk(name=name, args=arguments, id=item.get("call_id"), index=index)]
        missing = _missing_suffix(arguments, self._streamed[index])
        return [tool_call_chunk(args=missing, index=index)] if missing else []


_PART_KINDS = {"output_text": "text", "refusal": "refusal"}
"""Message part types → the block kind (and text field) they stream as."""


_STREAMED_FIELD_OF = {"text": "text", "reasoning": "reasoning", "refusal": "refusal"}
_STREAMED_FIELDS = frozenset(_STREAMED_FIELD_OF.values())


def _missing_suffix(full: str, streamed_parts: list[str]) -> str:
    """Return the part of `full` the stream has not delivered yet.

    Args:
        full: The authoritative text from the final response.
        streamed_parts: The deltas already yielded.

    Returns:
        The unsent tail, or "" when everything (or something inconsistent) was sent.
    """
    streamed = "".join(streamed_parts)
    if not streamed:
        return full
    return full[len(streamed) :] if full.startswith(streamed) else ""


_Handler = Callable[[StreamState, dict[str, Any]], SettledAIMessageChunk | None]

_HANDLERS: dict[str, _Handler] = {
    "response.output_item.added": StreamState._on_item_added,  # noqa: SLF001
    "response.content_part.added": StreamState._on_part_added,  # noqa: SLF001
    "response.output_text.delta": StreamState._on_text_delta,  # noqa: SLF001
    "response.refusal.delta": StreamState._on_refusal_delta,  # noqa: SLF001
    "response.reasoning_text.delta": StreamState._on_reasoning_delta,  # noqa: SLF001
    "response.reasoning_summary_text.delta": StreamState._on_summary_delta,  # noqa: SLF001
    "response.function_call_arguments.delta": StreamState._on_arguments_delta,  # noqa: SLF001
    "response.custom_tool_call_input.delta": StreamState._on_custom_input_delta,  # noqa: SLF001
    "response.code_interpreter_call_code.delta": StreamState._on_code_delta,  # noqa: SLF001
    "response.output_item.done": StreamState._on_item_done,  # noqa: SLF001
    **dict.fromkeys(PROGRESS_EVENTS, StreamState._on_progress),  # noqa: SLF001
    "response.output_text.done": StreamState._on_text_done,  # noqa: SLF001
    "response.debug": StreamState._on_debug,  # noqa: SLF001
    "response.completed": StreamState._on_terminal,  # noqa: SLF001
    "response.incomplete": StreamState._on_terminal,  # noqa: SLF001
}
