"""Issue 21: the sum of `stream()` equals `invoke()` where they used to differ (defects 2, 5, 7, 8, 11).

Each test scripts the emulator with the same reply for both calls and compares what a caller sees.
"""

from __future__ import annotations

from functools import reduce
from typing import Any

import pytest
from langchain_core.exceptions import ModelRefusalError
from langchain_core.messages import AIMessage, AIMessageChunk, message_chunk_to_message
from pydantic import BaseModel

from integration_tests.helpers import refusal_item
from langchain_openrouter_responses import OpenRouterStreamError
from langchain_openrouter_responses.emulator import Emulator, Reply, function_call_item, text_item

TRUNCATED = '{"to": "alice", "amount": 1000'
LONG = "The quick brown fox jumps over the lazy dog. " * 40


def aggregate(chunks: list[AIMessageChunk]) -> AIMessageChunk:
    return reduce(lambda left, right: left + right, chunks)


def stream_and_invoke(emulator: Emulator, llm: Any, reply: Reply) -> tuple[AIMessageChunk, AIMessage]:
    emulator.queue(reply, reply)
    return aggregate(list(llm.stream("Pay Alice"))), llm.invoke("Pay Alice")


def calls_of(message: AIMessage | AIMessageChunk) -> tuple[list[Any], list[Any]]:
    return message.tool_calls, message.invalid_tool_calls


@pytest.mark.parametrize("delta_size", [1, 4, 100], ids=["1-char deltas", "4-char deltas", "one delta"])
def test_a_call_cut_off_by_max_output_tokens_is_invalid_in_the_stream_sum(
    emulator: Emulator, llm: Any, delta_size: int
) -> None:
    call = function_call_item("pay", TRUNCATED, call_id="call_pay")
    reply = Reply([call], status="incomplete", incomplete_reason="max_output_tokens", delta_size=delta_size)

    summed, invoked = stream_and_invoke(emulator, llm, reply)

    assert invoked.tool_calls == []
    (bad,) = invoked.invalid_tool_calls
    assert (bad["id"], bad["name"], bad["args"]) == ("call_pay", "pay", TRUNCATED)
    assert bad["error"], "invoke says why the call is invalid"
    assert calls_of(summed) == calls_of(invoked), "the stream sum settles the call as invoke does"
    assert calls_of(message_chunk_to_message(summed)) == calls_of(invoked)
    assert summed.content_blocks == invoked.content_blocks


@pytest.mark.parametrize("output_version", [None, "v1"])
@pytest.mark.parametrize("arguments", ["[1,2]", "3", "null", '"text"', TRUNCATED])
def test_arguments_that_are_json_but_not_an_object_are_invalid_with_the_same_error(
    emulator: Emulator, make_llm: Any, arguments: str, output_version: str | None
) -> None:
    reply = Reply([function_call_item("pay", arguments, call_id="call_pay")], delta_size=2)

    summed, invoked = stream_and_invoke(emulator, make_llm(output_version=output_version), reply)

    (bad,) = invoked.invalid_tool_calls
    if arguments != TRUNCATED:
        assert bad["error"] == "tool arguments are not a JSON object"
    assert calls_of(summed) == calls_of(invoked)
    assert summed.content_blocks == invoked.content_blocks
    assert [block["type"] for block in invoked.content_blocks] == ["invalid_tool_call"]


def test_a_complete_call_next_to_a_cut_off_one_stays_valid(emulator: Emulator, llm: Any) -> None:
    whole = function_call_item("pay", '{"to": "bob", "amount": 5}', call_id="call_bob")
    cut = function_call_item("pay", TRUNCATED, call_id="call_alice")
    reply = Reply([whole, cut], status="incomplete", incomplete_reason="max_output_tokens", delta_size=3)

    summed, invoked = stream_and_invoke(emulator, llm, reply)

    assert [call["id"] for call in invoked.tool_calls] == ["call_bob"]
    assert [call["id"] for call in invoked.invalid_tool_calls] == ["call_alice"]
    assert calls_of(summed) == calls_of(invoked)


def test_partial_arguments_still_parse_leniently_while_they_arrive(emulator: Emulator, llm: Any) -> None:
    emulator.queue(Reply([function_call_item("pay", '{"to": "bob", "amount": 5}', call_id="c1")], delta_size=3))
    chunks = list(llm.stream("Pay Bob"))

    partial = aggregate(chunks[:-1])
    assert partial.tool_calls, "before the end, core's lenient reading shows the arguments so far"
    assert aggregate(chunks).tool_calls == [
        {"type": "tool_call", "id": "c1", "name": "pay", "args": {"to": "bob", "amount": 5}}
    ]


@pytest.mark.parametrize("streaming", ["stream", "astream"])
async def test_a_dropped_connection_yields_the_held_text_with_coalescing(
    emulator: Emulator, make_llm: Any, streaming: str
) -> None:
    dropped = Reply([text_item(LONG)], delta_size=4, fail_after=150, failure="disconnect")
    emulator.queue(dropped, dropped)
    received: dict[bool, str] = {}

    for coalesce in (False, True):
        llm = make_llm(stream_chunk_coalesce=coalesce)
        texts: list[str] = []
        with pytest.raises(OpenRouterStreamError):
            if streaming == "stream":
                for chunk in llm.stream("Hi"):
                    texts.append(chunk.text)
            else:
                async for chunk in llm.astream("Hi"):
                    texts.append(chunk.text)
        received[coalesce] = "".join(texts)

    assert len(received[False]) > 400
    assert received[True] == received[False]


MCP_CALL = {
    "type": "mcp_call",
    "id": "mcp_1",
    "server_label": "docs",
    "name": "search",
    "arguments": '{"q": "paris"}',
    "output": "Paris is the capital of France.",
    "status": "completed",
}
FAILED_IMAGE = {"type": "image_generation_call", "id": "ig_1", "status": "failed"}


@pytest.mark.parametrize(
    "output",
    [
        pytest.param(
            [MCP_CALL, text_item("Paris.")],
            marks=pytest.mark.sdk_nonconforming("an mcp_call output item, which the SDK's output union lacks"),
        ),
        pytest.param(
            [{"type": "brand_new_item", "id": "new_1", "payload": {"a": 1}}, text_item("Paris.")],
            marks=pytest.mark.sdk_nonconforming("an item type OpenRouter has not published yet, on purpose"),
        ),
        [function_call_item("pay", '{"to": "bob"}', call_id="c1"), text_item("Paid.")],
        [FAILED_IMAGE, text_item("The image failed.")],
    ],
    ids=["mcp_call-first", "unknown-item-first", "function-call-first", "failed-image-first"],
)
@pytest.mark.parametrize("output_version", [None, "v1"])
def test_an_item_before_the_text_keeps_its_place_in_the_stream_sum(
    emulator: Emulator, make_llm: Any, output: list[dict[str, Any]], output_version: str | None
) -> None:
    summed, invoked = stream_and_invoke(emulator, make_llm(output_version=output_version), Reply(output))

    assert [block["type"] for block in summed.content_blocks] == [block["type"] for block in invoked.content_blocks]
    assert summed.content == invoked.content
    assert summed.content_blocks == invoked.content_blocks


def test_a_failed_image_is_the_same_block_in_both(emulator: Emulator, llm: Any) -> None:
    summed, invoked = stream_and_invoke(emulator, llm, Reply([FAILED_IMAGE]))

    assert invoked.content == [{"type": "non_standard", "value": {"item": FAILED_IMAGE}, "index": 0}]
    assert summed.content == invoked.content


REFUSAL = refusal_item("I can't help with that.", id="msg_refusal")


class City(BaseModel):
    name: str


@pytest.mark.parametrize("method", ["json_schema", "json_mode", "function_calling"])
@pytest.mark.parametrize("streaming", ["stream", "astream"])
async def test_a_streamed_structured_output_refusal_raises_with_its_text(
    emulator: Emulator, llm: Any, method: str, streaming: str
) -> None:
    structured = llm.with_structured_output(City, method=method)
    emulator.queue(Reply([REFUSAL], delta_size=3), Reply([REFUSAL], delta_size=3))

    with pytest.raises(ModelRefusalError) as invoked:
        structured.invoke("Where?")
    with pytest.raises(ModelRefusalError) as streamed:
        if streaming == "stream":
            list(structured.stream("Where?"))
        else:
            [part async for part in structured.astream("Where?")]

    assert str(invoked.value).endswith(": I can't help with that.")
    assert str(streamed.value) == str(invoked.value)


def test_a_streamed_refusal_with_include_raw_raises_the_error_invoke_reports(emulator: Emulator, llm: Any) -> None:
    # invoke fills parsing_error; a stream has already yielded its raw chunks when the refusal
    # completes, so core's fallback cannot replace the output and the error is raised, with the text.
    structured = llm.with_structured_output(City, include_raw=True)
    emulator.queue(Reply([REFUSAL], delta_size=3), Reply([REFUSAL], delta_size=3))

    invoked = structured.invoke("Where?")
    with pytest.raises(ModelRefusalError) as streamed:
        list(structured.stream("Where?"))

    assert str(invoked["parsing_error"]).endswith(": I can't help with that.")
    assert str(streamed.value) == str(invoked["parsing_error"])


def test_structured_output_still_streams_partial_objects(emulator: Emulator, llm: Any) -> None:
    structured = llm.with_structured_output(
        {"title": "City", "type": "object", "properties": {"name": {"type": "string"}}}
    )
    emulator.queue(Reply([text_item('{"name": "Paris, France"}')], delta_size=3))
    parts = list(structured.stream("Where?"))
    assert len(parts) > 2
    assert parts[-1] == {"name": "Paris, France"}


def test_invoke_that_streams_underneath_settles_a_cut_off_call(emulator: Emulator, make_llm: Any) -> None:
    # With streaming=True (or LangGraph's stream_mode="messages"), invoke sums the stream: the
    # path an agent takes. The cut-off call must not come back as a call to run.
    call = function_call_item("pay", TRUNCATED, call_id="call_pay")
    emulator.queue(Reply([call], status="incomplete", incomplete_reason="max_output_tokens", delta_size=4))

    answer = make_llm(streaming=True).invoke("Pay Alice")

    assert not isinstance(answer, AIMessageChunk), "invoke returns a message, as without streaming"
    assert answer.type == "ai"
    assert answer.tool_calls == []
    assert [bad["args"] for bad in answer.invalid_tool_calls] == [TRUNCATED]
    assert emulator.requests[0].json["stream"] is True
