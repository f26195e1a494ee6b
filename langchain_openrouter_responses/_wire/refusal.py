"""Streamed structured output: a refusal reaches the parser whole, as with `invoke`.

langchain-core's output parsers raise `ModelRefusalError` as soon as the accumulated message has a
refusal block. A stream opens the block empty (`content_part.added`) and fills it with deltas, so
the error would carry no text. `WAIT_FOR_REFUSAL` passes a stream through until a refusal block
appears, then holds the rest and yields it summed when the stream ends: the parser sees the whole
refusal and raises with its text.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from langchain_core.messages import BaseMessage
from langchain_core.runnables import RunnableGenerator


def hold_refusal(messages: Iterator[BaseMessage]) -> Iterator[BaseMessage]:
    """Pass messages through; from the first one with a refusal block on, yield their sum at the end.

    Args:
        messages: The model's output: chunks of a stream, or one whole message.

    Yields:
        The same messages, the refusing tail summed into one.
    """
    held: Any = None
    for message in messages:
        if held is None and not refuses(message):
            yield message
        else:
            held = message if held is None else held + message
    if held is not None:
        yield held


async def ahold_refusal(messages: AsyncIterator[BaseMessage]) -> AsyncIterator[BaseMessage]:
    """`hold_refusal` for an async stream.

    Args:
        messages: The model's output.

    Yields:
        The same messages, the refusing tail summed into one.
    """
    held: Any = None
    async for message in messages:
        if held is None and not refuses(message):
            yield message
        else:
            held = message if held is None else held + message
    if held is not None:
        yield held


def refuses(message: BaseMessage) -> bool:
    """Whether a message (or chunk) holds a refusal block.

    Args:
        message: A message or chunk.

    Returns:
        True when its content has a `refusal` block.
    """
    content = message.content
    return not isinstance(content, str) and any(
        isinstance(block, dict) and block.get("type") == "refusal" for block in content
    )


WAIT_FOR_REFUSAL: RunnableGenerator[BaseMessage, BaseMessage] = RunnableGenerator(
    hold_refusal, ahold_refusal, name="wait_for_refusal"
)
"""The step before a structured-output parser that holds a refusal until it is complete."""
