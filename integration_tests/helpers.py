"""Small helpers shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from langchain_core.messages import AIMessageChunk
from langchain_core.messages.ai import add_ai_message_chunks
from langchain_core.tools import tool


def aggregate(chunks: Iterable[AIMessageChunk]) -> AIMessageChunk:
    """Sum streamed chunks the way LangChain does."""
    first, *rest = list(chunks)
    return add_ai_message_chunks(first, *rest) if rest else first


@tool
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


@tool
def multiply(a: int, b: int) -> int:
    """Multiply two integers."""
    return a * b


TOOLS = [add, multiply]
"""Two small tools, for tests of how tools and tool_choice reach the wire."""


def refusal_item(text: str, *, id: str = "msg_r") -> dict[str, Any]:  # noqa: A002 - the wire field's name
    """An assistant `message` item whose only part is a refusal."""
    part = {"type": "refusal", "refusal": text}
    return {"id": id, "type": "message", "role": "assistant", "status": "completed", "content": [part]}
