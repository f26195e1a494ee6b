"""Streaming progress of server tools: a code interpreter's code streams; web search statuses, partial
images and fusion runs stream as progress blocks the final message leaves out; the summed stream equals invoke."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain_core.load import dumpd, load
from langchain_core.messages import AIMessageChunk, HumanMessage

from integration_tests.helpers import aggregate
from langchain_openrouter_responses._wire.progress import is_progress_block
from langchain_openrouter_responses.emulator import Emulator, Reply, fusion_item, image_generation_item, text_item
from langchain_openrouter_responses.emulator.replies.items import TINY_PNG

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


# -- progress blocks: web search statuses, partial images, fusion panels ------------------------------

SEARCH_ITEM = {
    "id": "ws_1",
    "type": "openrouter:web_search",
    "status": "completed",
    "action": {"type": "search", "query": "openrouter", "sources": [{"type": "url", "url": "https://openrouter.ai"}]},
}
PANEL = ["openai/gpt-5-mini", "anthropic/claude-sonnet-4.6"]
FUSION_TOOL = {"type": "openrouter:fusion", "parameters": {"analysis_models": [*PANEL, "vendor/unknown"]}}


def progress_values(chunks: list[AIMessageChunk]) -> list[dict[str, Any]]:
    """The progress descriptions the chunks carried, in order (each chunk holds at most one)."""
    values = []
    for chunk in chunks:
        blocks = [block for block in chunk.content if isinstance(block, dict) and is_progress_block(block)]
        assert len(blocks) <= 1
        assert not blocks or len(chunk.content) == 1, "a progress block comes alone in its chunk"
        assert not blocks or chunk.content_blocks == blocks, "content_blocks shows it as it is, index included"
        values += [
            block["value"] if block["type"] == "non_standard" else block["extras"]["progress"] for block in blocks
        ]
    return values


def progress_indexes(chunks: list[AIMessageChunk]) -> list[Any]:
    return [b["index"] for c in chunks for b in c.content if isinstance(b, dict) and is_progress_block(b)]


@pytest.mark.parametrize("output_version", [None, "v1"])
@pytest.mark.parametrize("coalesce", [False, True], ids=["deltas", "coalesced"])
def test_a_web_search_streams_its_statuses_in_order_and_the_sum_equals_invoke(
    emulator: Emulator, make_llm: Any, output_version: str | None, coalesce: bool
) -> None:
    output = [SEARCH_ITEM, text_item("OpenRouter routes requests.", id="msg_1")]
    emulator.queue(Reply(output), Reply(output))
    llm = make_llm(output_version=output_version, stream_chunk_coalesce=coalesce)
    invoked = llm.invoke("What is OpenRouter?", tools=[{"type": "openrouter:web_search"}])
    chunks = list(llm.stream("What is OpenRouter?", tools=[{"type": "openrouter:web_search"}]))

    values = progress_values(chunks)
    assert [value["status"] for value in values] == ["in_progress", "searching", "completed"]
    assert values[1] == {
        "type": "progress",
        "event": "response.web_search_call.searching",
        "tool": "web_search",
        "status": "searching",
        "item_id": "ws_1",
        "output_index": 0,
    }
    assert progress_indexes(chunks) == ["progress:0", "progress:1", "progress:2"]
    streamed = aggregate(chunks)
    assert streamed.content == invoked.content
    assert streamed.content_blocks == invoked.content_blocks
    assert not any(map(is_progress_block, streamed.content))


@pytest.mark.parametrize("output_version", [None, "v1"])
def test_a_partial_image_streams_as_an_image_block_the_final_message_leaves_out(
    emulator: Emulator, make_llm: Any, output_version: str | None
) -> None:
    output = [image_generation_item(TINY_PNG, id="ig_1"), text_item("Here it is.", id="msg_2")]
    emulator.queue(Reply(output), Reply(output))
    llm = make_llm(output_version=output_version)
    invoked = llm.invoke("draw a dot")
    chunks = list(llm.stream("draw a dot"))

    (partial,) = [b for c in chunks for b in c.content if isinstance(b, dict) and is_progress_block(b)]
    assert partial == {
        "type": "image",
        "base64": TINY_PNG,
        "mime_type": "image/png",
        "id": "ig_1",
        "extras": {
            "progress": {
                "type": "progress",
                "event": "response.image_generation_call.partial_image",
                "tool": "image_generation",
                "status": "partial_image",
                "item_id": "ig_1",
                "output_index": 0,
                "partial_image_index": 0,
            }
        },
        "index": "progress:0",
    }
    streamed = aggregate(chunks)
    assert streamed.content == invoked.content
    assert [block["type"] for block in streamed.content_blocks] == ["image", "text"]


@pytest.mark.parametrize("output_version", [None, "v1"])
@pytest.mark.parametrize("coalesce", [False, True], ids=["deltas", "coalesced"])
def test_a_fusion_run_streams_each_panel_model_s_text_and_the_sum_equals_invoke(
    emulator: Emulator, make_llm: Any, output_version: str | None, coalesce: bool
) -> None:
    item = fusion_item("rain", PANEL, [("vendor/unknown", "No endpoints found for vendor/unknown.", 404)])
    output = [item, text_item("It will rain.", id="msg_3")]
    emulator.queue(Reply(output, delta_size=5), Reply(output, delta_size=5))
    llm = make_llm(model="openai/gpt-5", output_version=output_version, stream_chunk_coalesce=coalesce)
    invoked = llm.invoke("Will it rain?", tools=[FUSION_TOOL])
    chunks = list(llm.stream("Will it rain?", tools=[FUSION_TOOL]))

    values = progress_values(chunks)
    statuses = [value["status"] for value in values]
    assert statuses[:4] == ["in_progress", "panel.added", "panel.added", "panel.added"]
    assert statuses[-4:] == ["panel.failed", "analysis.in_progress", "analysis.completed", "completed"]
    for model, answer in zip(PANEL, item["responses"], strict=True):
        deltas = [v["delta"] for v in values if v["status"] == "panel.delta" and v["model"] == model]
        assert len(deltas) > 1
        assert "".join(deltas) == answer["content"]
        assert any(v["status"] == "panel.reasoning.delta" and v["model"] == model for v in values)
    failed = next(value for value in values if value["status"] == "panel.failed")
    assert (failed["model"], failed["status_code"]) == ("vendor/unknown", 404)
    analysing = next(value for value in values if value["status"] == "analysis.in_progress")
    assert analysing["analyst_model"] == "openai/gpt-5"
    assert next(v for v in values if v["status"] == "analysis.completed")["analysis"] == item["analysis"]
    assert all("sequence_number" not in value for value in values)
    assert progress_indexes(chunks) == [f"progress:{n}" for n in range(len(values))]
    streamed = aggregate(chunks)
    assert streamed.content == invoked.content
    assert streamed.content_blocks == invoked.content_blocks


def test_the_emulator_answers_a_fusion_request_with_a_fusion_run(emulator: Emulator, make_llm: Any) -> None:
    chunks = list(make_llm().stream("Will it rain?", tools=[FUSION_TOOL]))
    models = {value.get("model") for value in progress_values(chunks) if value["status"] == "panel.delta"}
    assert models == set(PANEL)
    call, result, text = aggregate(chunks).content_blocks
    assert (call["type"], call["name"], result["type"], text["type"]) == (
        "server_tool_call",
        "fusion",
        "server_tool_result",
        "text",
    )
    assert [entry["model"] for entry in result["output"]["failed_models"]] == ["vendor/unknown"]


@pytest.mark.parametrize("output_version", [None, "v1"])
def test_replaying_a_stream_cut_short_sends_no_progress(
    emulator: Emulator, make_llm: Any, output_version: str | None
) -> None:
    output = [SEARCH_ITEM, image_generation_item(TINY_PNG, id="ig_2"), text_item("Done.", id="msg_4")]
    emulator.queue(Reply(output))
    llm = make_llm(output_version=output_version)
    chunks = list(llm.stream("search and draw"))
    partial = aggregate(chunks[:-1])  # interrupted before the final chunk: progress blocks stay
    assert len([block for block in partial.content if is_progress_block(block)]) == 4
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # load() is beta and warns about its defaults
        plain = load(dumpd(partial), allowed_objects="messages")  # core's own AIMessageChunk
    assert type(plain) is AIMessageChunk
    without = partial.model_copy(update={"content": [b for b in partial.content if not is_progress_block(b)]})

    bodies = []
    for message in (partial, plain, without):
        emulator.clear()
        emulator.queue(Reply([text_item("ok")]))
        llm.invoke([HumanMessage("search and draw"), message, HumanMessage("again")])
        bodies.append(emulator.requests[0].body)
    assert bodies[0] == bodies[1] == bodies[2]
    assert b"progress" not in bodies[0]
    assert b"partial_image" not in bodies[0]


def test_an_agent_streams_progress_in_messages_mode_and_keeps_none(emulator: Emulator, make_llm: Any) -> None:
    output = [SEARCH_ITEM, text_item("OpenRouter routes requests.", id="msg_5")]
    emulator.queue(Reply(output))
    agent = create_agent(make_llm(), tools=[{"type": "openrouter:web_search"}])
    question = {"messages": [HumanMessage("What is OpenRouter?")]}
    streamed = list(agent.stream(question, stream_mode=["messages", "values"]))

    chunks = [part[0] for mode, part in streamed if mode == "messages"]
    statuses = [value["status"] for value in progress_values(chunks)]
    assert statuses == ["in_progress", "searching", "completed"]
    answer = next(part for mode, part in reversed(streamed) if mode == "values")["messages"][-1]
    assert answer.text == "OpenRouter routes requests."
    assert not any(map(is_progress_block, answer.content))
    assert [block["type"] for block in answer.content_blocks] == ["server_tool_call", "server_tool_result", "text"]
