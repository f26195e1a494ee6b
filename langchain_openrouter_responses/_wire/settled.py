"""The chunk class of this package's streams: a complete stream settles its tool calls as `invoke` does.

langchain-core reads a chunk's `tool_call_chunks` with the lenient `parse_partial_json`, also once
a stream is summed and complete. That suits arguments still arriving, but it turns a call cut off by
`max_output_tokens` (`{"to": "alice", "amount": 1000`) into a valid call with the arguments the
model never finished, and gives a non-object (`[1, 2]`) no error. Summing chunks builds the sum with
the class of its first chunk (`add_ai_message_chunks`), so every chunk this package yields is a
`SettledAIMessageChunk`: on the final chunk (`chunk_position="last"`), each call whose arguments
are all there (equal to the raw `function_call` item the final chunk carries) is read strictly, by
the same function `invoke` uses. Calls still partial keep core's lenient reading.

It serialises as langchain-core's `AIMessageChunk` (same `lc_id` and `type`), so `dumpd`/`load`
and `messages_to_dict` give plain chunks; those re-read calls leniently, so convert a stream sum
with `message_chunk_to_message` before storing it if `tool_calls` must stay settled.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal, Self

from langchain_core.messages import AIMessage, AIMessageChunk, InvalidToolCall, ToolCall
from langchain_core.messages.tool import ToolCallChunk
from pydantic import model_validator

from langchain_openrouter_responses._wire.items import raw_item
from langchain_openrouter_responses._wire.progress import without_progress
from langchain_openrouter_responses._wire.response import parse_tool_calls


class SettledAIMessage(AIMessage):
    """What `message_chunk_to_message` makes of a `SettledAIMessageChunk`: an `AIMessage`.

    langchain-core turns a chunk into an instance of its class's first parent (that is how
    `invoke` with `streaming=True` and agents' streamed calls end), so the chunk class lists this
    plain message class first. It adds nothing, and serialises as `AIMessage`.
    """

    _core: ClassVar[type[AIMessage]] = AIMessage
    """The langchain-core class this one serialises as, and equals when their fields are equal."""

    @classmethod
    def lc_id(cls) -> list[str]:
        """Serialise as the langchain-core class, so `load` needs nothing from this package.

        Returns:
            The id of `AIMessage` (of `AIMessageChunk` for the chunk class).
        """
        return cls._core.lc_id()

    def __eq__(self, other: object) -> bool:
        """Equal to the langchain-core class's instance with the same fields (pydantic alone compares classes too)."""
        if type(other) is self._core:
            return self.__dict__ == other.__dict__
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]


class SettledAIMessageChunk(SettledAIMessage, AIMessageChunk):
    """An `AIMessageChunk` whose complete sum holds the tool calls `invoke` would return."""

    _core: ClassVar[type[AIMessage]] = AIMessageChunk

    type: Literal["AIMessageChunk"] = "AIMessageChunk"
    """The chunk's own type (the first parent, a plain message, would make it "ai")."""

    @model_validator(mode="after")
    def drop_progress(self) -> Self:
        """Leave a complete stream's progress blocks out, so its sum equals what `invoke` returns.

        Progress blocks (`_wire/progress.py`) show a server tool at work while the stream runs;
        the final chunk, and every sum that includes it, holds none (native and v1 content alike).

        Returns:
            The chunk, without progress blocks once it is the last.
        """
        if self.chunk_position == "last" and isinstance(self.content, list):
            self.content = without_progress(self.content)
        return self

    @model_validator(mode="after")
    def settle_tool_calls(self) -> Self:
        """Read complete calls of a final chunk strictly, as `invoke` does.

        Returns:
            The chunk, its `tool_calls` and `invalid_tool_calls` settled.
        """
        if self.chunk_position != "last" or not self.tool_call_chunks:
            return self
        received = _function_call_items(self.content)
        if not received:
            return self
        calls: list[ToolCall] = []
        invalid: list[InvalidToolCall] = []
        for piece in self.tool_call_chunks:
            item = received.get(piece.get("id"))
            if item is not None and (piece.get("args") or "") == (item.get("arguments") or ""):
                valid, bad = parse_tool_calls([item])
            else:
                valid, bad = _lenient(piece)
            calls.extend(valid)
            invalid.extend(bad)
        self.tool_calls = calls
        self.invalid_tool_calls = invalid
        if self.response_metadata.get("output_version") == "v1" and isinstance(self.content, list):
            self.content = _settled_blocks(self.content, calls, invalid)
        return self


def _settled_blocks(
    content: list[str | dict[str, Any]], calls: list[ToolCall], invalid: list[InvalidToolCall]
) -> list[str | dict[str, Any]]:
    """v1 content (core's blocks): each call's block as `invoke` gives it, keeping its `extras`.

    Core turns the call chunks it read leniently into `tool_call` blocks and leaves the others as
    `tool_call_chunk` blocks; a settled call becomes a `tool_call` or an `invalid_tool_call` block.
    """
    settled: dict[Any, dict[str, Any]] = {call["id"]: {**call, "type": "invalid_tool_call"} for call in invalid}
    settled.update(
        (call["id"], {"type": "tool_call", **{k: call[k] for k in ("id", "name", "args")}}) for call in calls
    )
    blocks: list[str | dict[str, Any]] = []
    for block in content:
        replacement = None
        if isinstance(block, dict) and block.get("type") in {"tool_call", "tool_call_chunk"}:
            replacement = settled.get(block.get("id"))
            if replacement is not None and "extras" in block:
                replacement = {**replacement, "extras": block["extras"]}
        blocks.append(block if replacement is None else replacement)
    return blocks


def _function_call_items(content: str | list[str | dict[str, Any]]) -> dict[Any, dict[str, Any]]:
    """The raw `function_call` items the content carries, by `call_id`."""
    if isinstance(content, str):
        return {}
    items = (raw_item(block) for block in content)
    return {item.get("call_id"): item for item in items if item is not None and item.get("type") == "function_call"}


def _lenient(piece: ToolCallChunk) -> tuple[list[ToolCall], list[InvalidToolCall]]:
    """langchain-core's own reading of one tool-call chunk (arguments possibly still arriving)."""
    probe = AIMessageChunk(content=[], tool_call_chunks=[piece])
    return probe.tool_calls, probe.invalid_tool_calls
