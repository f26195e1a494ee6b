"""Text-delta chunks built without the wrapper's validation equal validated ones."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk

from langchain_openrouter_responses._wire import chunks
from langchain_openrouter_responses._wire.chunks import text_chunk


def validated(index: int, text: str) -> ChatGenerationChunk:
    return ChatGenerationChunk(message=AIMessageChunk(content=[{"type": "text", "text": text, "index": index}]))


def test_the_installed_langchain_core_takes_the_fast_path() -> None:
    assert chunks.CONSTRUCT is True


@pytest.mark.parametrize("construct", [True, False])
@pytest.mark.parametrize(("index", "text"), [(0, "Hello"), (3, ""), (1, " wörld ✓\n")])
def test_a_text_chunk_equals_the_validated_one(
    monkeypatch: pytest.MonkeyPatch, construct: bool, index: int, text: str
) -> None:
    monkeypatch.setattr(chunks, "CONSTRUCT", construct)
    chunk = text_chunk(index, text)
    expected = validated(index, text)
    assert chunk == expected
    assert chunk.text == text
    assert chunk.__dict__ == expected.__dict__
    assert chunk.model_fields_set == expected.model_fields_set
    assert chunk.message.__dict__ == expected.message.__dict__
    assert chunk.message.model_fields_set == expected.message.model_fields_set
    assert chunk.message.model_dump() == expected.message.model_dump()
    assert chunk.message.model_dump(exclude_unset=True) == expected.message.model_dump(exclude_unset=True)


def test_text_chunks_merge_like_validated_ones() -> None:
    pieces = [(0, "The "), (0, "answer"), (1, " is 42")]
    merged = text_chunk(*pieces[0]) + text_chunk(*pieces[1]) + text_chunk(*pieces[2])
    expected = validated(*pieces[0]) + validated(*pieces[1]) + validated(*pieces[2])
    assert merged == expected
    assert merged.text == "The answer is 42"


def test_text_chunks_share_no_mutable_values() -> None:
    first, second = text_chunk(0, "a"), text_chunk(0, "b")
    first.message.additional_kwargs["seen"] = True
    first.message.response_metadata["seen"] = True
    first.message.tool_call_chunks.append({"name": "x", "args": "", "id": "1", "index": 0, "type": "tool_call_chunk"})
    first.message.content.append({"type": "text", "text": "more", "index": 0})  # type: ignore[union-attr]
    assert second == validated(0, "b")
    assert text_chunk(0, "c") == validated(0, "c")
