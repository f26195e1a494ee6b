"""Small helpers shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterable

from langchain_core.messages import AIMessageChunk
from langchain_core.messages.ai import add_ai_message_chunks


def aggregate(chunks: Iterable[AIMessageChunk]) -> AIMessageChunk:
    """Sum streamed chunks the way LangChain does."""
    first, *rest = list(chunks)
    return add_ai_message_chunks(first, *rest) if rest else first
