"""The chunk of one text delta, built with the least work langchain-core allows.

A text delta is most of a stream. Its `AIMessageChunk` is validated as usual (pydantic's
`model_construct` is slower than validation for it), but its `ChatGenerationChunk` wrapper is built
with `model_construct`: the wrapper's only validator, `set_text`, would copy the message's text,
which is the delta's text here, so the result is equal field for field and about 30% cheaper. If a
langchain-core release changes that validator set, wrappers are validated as usual.
"""

from __future__ import annotations

from langchain_core.messages import AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk

KNOWN_VALIDATORS = frozenset({"set_text"})
"""The `ChatGenerationChunk` model validators whose effect on a text-delta chunk is known."""


def _validators_known() -> bool:
    decorators = ChatGenerationChunk.__pydantic_decorators__
    return set(decorators.model_validators) == KNOWN_VALIDATORS and not decorators.field_validators


CONSTRUCT = _validators_known()
"""Whether text-delta wrappers skip validation (False after a langchain-core change)."""


def text_chunk(index: int, text: str) -> ChatGenerationChunk:
    """Return the chunk of a text delta: one text block at `index` of the message's content.

    Args:
        index: The block's index in the message (chunks with the same index merge).
        text: The delta's text.

    Returns:
        A generation chunk equal to `ChatGenerationChunk(message=AIMessageChunk(content=[block]))`.
    """
    message = AIMessageChunk(content=[{"type": "text", "text": text, "index": index}])
    if CONSTRUCT:
        return ChatGenerationChunk.model_construct(message=message, text=text)
    return ChatGenerationChunk(message=message)
