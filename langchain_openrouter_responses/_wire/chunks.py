"""The chunk of one text delta, built with the least work langchain-core allows.

A text delta is most of a stream, and validating a new `SettledAIMessageChunk` (a list of one dict
as content) and its `ChatGenerationChunk` wrapper is most of what a delta costs the package. For
such a chunk every validator (langchain-core's and the settling one) is a no-op: there are no tool
calls to parse, it is not the last chunk, and the wrapper's `text` is the delta's text. So the message is a copy of one
validated prototype with its content set and fresh containers for its mutable defaults, and the
wrapper is built with `model_construct`: equal, field for field (and in the fields set), to
validated ones, at under half the cost. If a langchain-core release changes the validators of
either class, chunks are validated as usual.
"""

from __future__ import annotations

import copy
from typing import Any

from langchain_core.outputs import ChatGenerationChunk

from langchain_openrouter_responses._wire.settled import SettledAIMessageChunk

KNOWN_VALIDATORS: dict[type[Any], frozenset[str]] = {
    SettledAIMessageChunk: frozenset(
        {
            "_backwards_compat_tool_calls",
            "init_tool_calls",
            "init_server_tool_calls",
            "settle_tool_calls",
            "drop_progress",
        }
    ),
    ChatGenerationChunk: frozenset({"set_text"}),
}
"""The model validators whose effect on a text-delta chunk is known to be nothing but `text`."""


def _validators_known() -> bool:
    for model, names in KNOWN_VALIDATORS.items():
        decorators = model.__pydantic_decorators__
        if set(decorators.model_validators) != names or decorators.field_validators:
            return False
    return True


CONSTRUCT = _validators_known()
"""Whether text-delta chunks skip validation (False after a langchain-core change)."""
_PROTOTYPE = SettledAIMessageChunk(content=[])
_FACTORIES = [
    (name, field.default_factory)
    for name, field in SettledAIMessageChunk.model_fields.items()
    if field.default_factory is not None
]
"""Fields whose defaults are new containers: each copy gets its own."""


def text_chunk(index: int, text: str) -> ChatGenerationChunk:
    """Return the chunk of a text delta: one text block at `index` of the message's content.

    Args:
        index: The block's index in the message (chunks with the same index merge).
        text: The delta's text.

    Returns:
        A generation chunk equal to `ChatGenerationChunk(message=SettledAIMessageChunk(content=[block]))`.
    """
    block = {"type": "text", "text": text, "index": index}
    if not CONSTRUCT:
        return ChatGenerationChunk(message=SettledAIMessageChunk(content=[block]))
    message = copy.copy(_PROTOTYPE)  # pydantic's copy: its own field values dict and fields set
    values = message.__dict__
    values["content"] = [block]
    for name, factory in _FACTORIES:
        values[name] = factory()  # type: ignore[call-arg]
    return ChatGenerationChunk.model_construct(message=message, text=text)
