"""Reproduce the two stream costs that come from langchain-core, with no network and no package code.

    uv run python -m benchmarks.core_costs            # 5,000 and 50,000 deltas
    uv run python -m benchmarks.core_costs 2000 20000

1. ``BaseChatModel.stream`` keeps every chunk and merges them when the stream ends, even when no
   callback needs the merged message: memory grows with the stream.
2. The merge re-copies the text for every delta when content is a list of blocks (as in
   LangChain's v1 content blocks): ``merge_dicts`` does ``merged[k] += v`` once per chunk, so time
   grows with the square of the delta count.

A fake model streams N four-character deltas, as string content and as a text block with an
index, through core's ``stream``. The proposed merge (collect each block's text, join once) is
timed beside it on the same chunks.
"""

from __future__ import annotations

import gc
import sys
import time
import tracemalloc
from collections.abc import Iterator
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from langchain_core.outputs.chat_generation import merge_chat_generation_chunks

DELTA = "abcd"


class DeltaModel(BaseChatModel):
    """Streams ``deltas`` chunks of four characters; ``blocks`` sends them as indexed text blocks."""

    deltas: int
    blocks: bool

    @property
    def _llm_type(self) -> str:
        return "delta-model"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **_: Any) -> ChatResult:
        raise NotImplementedError

    def _stream(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **_: Any
    ) -> Iterator[ChatGenerationChunk]:
        for _index in range(self.deltas):
            content: Any = [{"type": "text", "text": DELTA, "index": 0}] if self.blocks else DELTA
            yield ChatGenerationChunk(message=AIMessageChunk(content=content))


def core_stream(deltas: int, *, blocks: bool) -> tuple[float, float]:
    """Seconds, then peak traced MiB (a separate pass), to consume core's ``stream``, which keeps and merges chunks."""
    model = DeltaModel(deltas=deltas, blocks=blocks)
    gc.collect()
    start = time.perf_counter()
    for _ in model.stream("hi"):
        pass
    seconds = time.perf_counter() - start
    tracemalloc.start()  # a second pass: tracing slows allocation, so it is kept out of the timing
    for _ in model.stream("hi"):
        pass
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak


def own_stream(deltas: int, *, blocks: bool) -> float:
    """Seconds to consume the model's own ``_stream`` (no retention, no merge): the package's part."""
    model = DeltaModel(deltas=deltas, blocks=blocks)
    start = time.perf_counter()
    for _ in model._stream([]):  # noqa: SLF001 - the point is to skip core's wrapper
        pass
    return time.perf_counter() - start


def merge_seconds(deltas: int, *, blocks: bool) -> tuple[float, float]:
    """Seconds of core's merge, and of the proposed join-once merge, over the same chunks."""
    chunks = list(DeltaModel(deltas=deltas, blocks=blocks)._stream([]))  # noqa: SLF001
    start = time.perf_counter()
    merged = merge_chat_generation_chunks(chunks)
    core = time.perf_counter() - start
    start = time.perf_counter()
    joined = join_once(chunks)
    proposed = time.perf_counter() - start
    assert merged is not None
    assert merged.message.text == joined == DELTA * deltas
    return core, proposed


def join_once(chunks: list[ChatGenerationChunk]) -> str:
    """The proposed merge for text: collect each block's parts by index, join them once."""
    parts: dict[int, list[str]] = {}
    for chunk in chunks:
        content = chunk.message.content
        if isinstance(content, str):
            parts.setdefault(0, []).append(content)
            continue
        for block in content:
            if isinstance(block, dict) and block.get("type") == "text":
                parts.setdefault(int(block.get("index", 0)), []).append(block["text"])
    return "".join("".join(texts) for _index, texts in sorted(parts.items()))


def main(small: int = 5_000, large: int = 50_000) -> None:
    """Print the table of the two costs for string and block content."""
    columns = ("content", "deltas", "core stream s", "peak MiB", "own s", "merge s", "join s")
    print(" ".join(f"{name:>13s}" for name in columns))
    for blocks in (False, True):
        for deltas in (small, large):
            seconds, peak = core_stream(deltas, blocks=blocks)
            merge, proposed = merge_seconds(deltas, blocks=blocks)
            own = own_stream(deltas, blocks=blocks)
            kind = "blocks" if blocks else "string"
            cells = (
                kind,
                f"{deltas:,d}",
                f"{seconds:.3f}",
                f"{peak:.1f}",
                f"{own:.3f}",
                f"{merge:.3f}",
                f"{proposed:.4f}",
            )
            print(" ".join(f"{cell:>13s}" for cell in cells))


if __name__ == "__main__":
    sizes = [int(value) for value in sys.argv[1:3]]
    main(*sizes)
