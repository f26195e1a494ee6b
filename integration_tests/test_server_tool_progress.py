"""Streaming progress of server tools: a code interpreter's code streams; the summed stream equals invoke."""

from __future__ import annotations

from typing import Any

import pytest

from integration_tests.helpers import aggregate
from langchain_openrouter_responses.emulator import Emulator, Reply, image_generation_item, text_item

CODE = 'rows = [r for r in data if r["ok"]]\nprint(len(rows), "rows ✓")'
CODE_CALL = {
    "type": "code_interpreter_call",
    "id": "ci_1",
    "container_id": "cntr_1",
    "status": "completed",
    "code": CODE,
    "outputs": [{"type": "logs", "logs": "3 rows ✓"}],
}


@pytest.mark.parametrize("output_version", [None, "v1"])
def test_a_code_interpreter_s_code_streams_into_its_call_block(
    emulator: Emulator, make_llm: Any, output_version: str | None
) -> None:
    output = [CODE_CALL, text_item("Three rows are ok.")]
    emulator.queue(Reply(output, delta_size=7), Reply(output, delta_size=7))
    llm = make_llm(output_version=output_version)
    invoked = llm.invoke("count the ok rows")
    chunks = list(llm.stream("count the ok rows"))
    streamed = aggregate(chunks)
    assert streamed.content == invoked.content
    pieces = [
        block["args"]["code"]
        for chunk in chunks[:-1]
        for block in chunk.content
        if isinstance(block, dict) and block["type"] == "server_tool_call" and block.get("args")
    ]
    assert len(pieces) == -(-len(CODE) // 7)
    assert "".join(pieces) == CODE
    (call,) = [block for block in streamed.content_blocks if block["type"] == "server_tool_call"]
    assert call["args"] == {"code": CODE}


def test_partial_images_leave_the_summed_stream_equal_to_invoke(emulator: Emulator, make_llm: Any) -> None:
    output = [image_generation_item(), text_item("Here it is.")]
    emulator.queue(Reply(output), Reply(output))
    llm = make_llm()
    invoked = llm.invoke("draw a dot")
    streamed = aggregate(list(llm.stream("draw a dot")))
    assert streamed.content == invoked.content
