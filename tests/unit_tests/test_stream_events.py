"""`StreamState` on events the recorded streams lack: refusals, parts without indexes, server tools, failed images."""

from __future__ import annotations

from functools import reduce
from typing import Any

import pytest
from langchain_core.messages import AIMessageChunk

from langchain_openrouter_responses._wire.response import response_to_message
from langchain_openrouter_responses._wire.stream import StreamState


def run(events: list[dict[str, Any]]) -> list[AIMessageChunk]:
    state = StreamState()
    return [chunk for chunk in map(state.handle, events) if chunk is not None]


def aggregate(chunks: list[AIMessageChunk]) -> AIMessageChunk:
    return reduce(lambda left, right: left + right, chunks)


def completed(*output: dict[str, Any]) -> dict[str, Any]:
    return {"type": "response.completed", "response": {"id": "gen", "status": "completed", "output": list(output)}}


REFUSAL = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "status": "completed",
    "content": [{"type": "refusal", "refusal": "I can't help with that."}],
}


@pytest.mark.parametrize("indexed", [True, False], ids=["with-content-index", "without-content-index"])
def test_refusal_deltas_stream_as_one_refusal_block(indexed: bool) -> None:
    # Without `content_index`, an event is about part 0.
    at = {"output_index": 0, "item_id": "msg_1", **({"content_index": 0} if indexed else {})}
    events = [
        {"type": "response.output_item.added", "output_index": 0, "item": {**REFUSAL, "content": []}},
        {"type": "response.content_part.added", **at, "part": {"type": "refusal", "refusal": ""}},
        {"type": "response.refusal.delta", **at, "delta": "I can't"},
        {"type": "response.refusal.delta", **at},
        {"type": "response.refusal.delta", **at, "delta": " help with that."},
        completed(REFUSAL),
    ]
    chunks = run(events)
    assert [chunk.content for chunk in chunks[:-1]] == [
        [{"type": "refusal", "refusal": "", "index": 0}],
        [{"type": "refusal", "refusal": "I can't", "index": 0}],
        [{"type": "refusal", "refusal": " help with that.", "index": 0}],
    ]
    assert chunks[-1].content == [
        {"type": "refusal", "id": "msg_1", "extras": {"item": REFUSAL}, "index": 0, "refusal": ""}
    ]
    assert aggregate(chunks).content == response_to_message(completed(REFUSAL)["response"]).content


def test_summary_deltas_without_an_index_continue_part_zero() -> None:
    item = {"id": "rs_1", "type": "reasoning", "summary": [{"type": "summary_text", "text": "AB"}]}
    at = {"output_index": 0, "item_id": "rs_1"}
    events = [
        {"type": "response.output_item.added", "output_index": 0, "item": {**item, "summary": []}},
        {"type": "response.reasoning_summary_text.delta", **at, "summary_index": 0, "delta": "A"},
        {"type": "response.reasoning_summary_text.delta", **at, "delta": "B"},
        completed(item),
    ]
    chunks = run(events)
    assert aggregate(chunks[:-1]).content_blocks[0]["reasoning"] == "AB"
    assert aggregate(chunks).content_blocks == response_to_message(completed(item)["response"]).content_blocks


def test_the_final_chunks_server_tool_blocks_keep_their_type() -> None:
    # The final chunk leaves out what the announcement already sent, but never the block type:
    # each of its blocks is valid on its own.
    search = {"id": "ws_1", "type": "openrouter:web_search", "status": "completed", "arguments": '{"query": "x"}'}
    events = [
        {"type": "response.output_item.added", "output_index": 0, "item": {**search, "status": "in_progress"}},
        completed(search),
    ]
    chunks = run(events)
    assert [block["type"] for block in chunks[-1].content] == ["server_tool_call", "server_tool_result"]  # type: ignore[index]
    assert aggregate(chunks).content == response_to_message(completed(search)["response"]).content


def test_the_final_chunk_sends_only_the_code_not_yet_streamed() -> None:
    item = {"id": "ci_1", "type": "code_interpreter_call", "status": "completed", "code": "print(1)", "outputs": []}
    at = {"output_index": 0, "item_id": "ci_1"}
    announced = {**item, "code": "", "status": "in_progress"}
    events = [
        {"type": "response.output_item.added", "output_index": 0, "item": announced},
        {"type": "response.code_interpreter_call_code.delta", **at, "delta": "print("},
        {"type": "response.code_interpreter_call_code.delta", **at, "delta": "1"},
        completed(item),
    ]
    chunks = run(events)
    assert [chunk.content[0]["args"] for chunk in chunks[1:]] == [  # type: ignore[index]
        {"code": "print("},
        {"code": "1"},
        {"code": ")"},
    ]
    assert aggregate(chunks).content == response_to_message(completed(item)["response"]).content


def test_a_failed_image_in_the_final_response_streams_as_non_standard() -> None:
    item = {"id": "ig_2", "type": "image_generation_call", "status": "failed"}
    chunks = run([completed(item)])
    assert chunks[-1].content == [{"type": "non_standard", "value": {"item": item}, "index": 0}]
    assert aggregate(chunks).content == response_to_message(completed(item)["response"]).content


def test_reasoning_deltas_without_an_index_continue_part_zero() -> None:
    item = {"id": "rs_1", "type": "reasoning", "content": [{"type": "reasoning_text", "text": "Think"}], "summary": []}
    at = {"output_index": 0, "item_id": "rs_1"}
    events = [
        {"type": "response.output_item.added", "output_index": 0, "item": {**item, "content": []}},
        {"type": "response.reasoning_text.delta", **at, "content_index": 0, "delta": "Th"},
        {"type": "response.reasoning_text.delta", **at, "delta": "ink"},
        completed(item),
    ]
    chunks = run(events)
    assert aggregate(chunks[:-1]).content_blocks[0]["reasoning"] == "Think"
    assert aggregate(chunks).content_blocks == response_to_message(completed(item)["response"]).content_blocks


CALL = {
    "id": "fc_1",
    "type": "function_call",
    "call_id": "call_1",
    "name": "get_weather",
    "arguments": '{"city": "Paris"}',
    "status": "completed",
}


def test_function_call_arguments_stream_as_they_arrive() -> None:
    at = {"output_index": 0, "item_id": "fc_1"}
    events = [
        {"type": "response.output_item.added", "output_index": 0, "item": {**CALL, "arguments": ""}},
        {"type": "response.function_call_arguments.delta", **at, "delta": '{"city": '},
        {"type": "response.function_call_arguments.delta", **at},
        {"type": "response.function_call_arguments.delta", **at, "delta": '"Paris"}'},
        completed(CALL),
    ]
    chunks = run(events)
    assert [chunk.tool_call_chunks for chunk in chunks[:-1]] == [
        [{"type": "tool_call_chunk", "name": "get_weather", "args": "", "id": "call_1", "index": 0}],
        [{"type": "tool_call_chunk", "name": None, "args": '{"city": ', "id": None, "index": 0}],
        [{"type": "tool_call_chunk", "name": None, "args": '"Paris"}', "id": None, "index": 0}],
    ]
    assert chunks[-1].tool_call_chunks == [], "all the arguments were streamed: the final chunk adds none"
    assert aggregate(chunks).tool_calls == response_to_message(completed(CALL)["response"]).tool_calls


@pytest.mark.parametrize("arguments", ['{"city": "Paris"}', ""], ids=["with-arguments", "no-arguments"])
def test_a_function_call_only_in_the_final_response_is_a_whole_tool_call_chunk(arguments: str) -> None:
    call = {**CALL, "arguments": arguments}
    chunks = run([completed(call)])
    assert chunks[-1].tool_call_chunks == [
        {"type": "tool_call_chunk", "name": "get_weather", "args": arguments, "id": "call_1", "index": 0}
    ]
    invoked = response_to_message(completed(call)["response"])
    assert chunks[-1].tool_calls == invoked.tool_calls
    assert chunks[-1].invalid_tool_calls == invoked.invalid_tool_calls == []


def test_text_then_a_refusal_in_one_message_stay_two_blocks() -> None:
    message = {
        **REFUSAL,
        "content": [{"type": "output_text", "text": "Partly: "}, {"type": "refusal", "refusal": "no more."}],
    }
    at = {"output_index": 0, "item_id": "msg_1"}
    events = [
        {"type": "response.output_item.added", "output_index": 0, "item": {**message, "content": []}},
        {"type": "response.content_part.added", **at, "content_index": 0, "part": {"type": "output_text", "text": ""}},
        {"type": "response.output_text.delta", **at, "content_index": 0, "delta": "Partly: "},
        {"type": "response.content_part.added", **at, "content_index": 1, "part": {"type": "refusal", "refusal": ""}},
        {"type": "response.refusal.delta", **at, "content_index": 1, "delta": "no more."},
        completed(message),
    ]
    chunks = run(events)
    assert chunks[3].content == [{"type": "refusal", "refusal": "no more.", "index": 1}]
    assert aggregate(chunks).content == response_to_message(completed(message)["response"]).content


def test_reasoning_parts_are_separated_and_empty_deltas_add_nothing() -> None:
    parts = [{"type": "reasoning_text", "text": "First."}, {"type": "reasoning_text", "text": "Second."}]
    item = {"id": "rs_1", "type": "reasoning", "content": parts, "summary": []}
    at = {"output_index": 0, "item_id": "rs_1"}
    events = [
        {"type": "response.output_item.added", "output_index": 0, "item": {**item, "content": []}},
        {"type": "response.reasoning_text.delta", **at, "content_index": 0, "delta": "First."},
        {"type": "response.reasoning_text.delta", **at, "content_index": 1},
        {"type": "response.reasoning_text.delta", **at, "content_index": 1, "delta": "Second."},
        completed(item),
    ]
    chunks = run(events)
    assert [chunk.content for chunk in chunks[1:-1]] == [
        [{"type": "reasoning", "reasoning": "First.", "index": 0}],
        [{"type": "reasoning", "reasoning": "\n\nSecond.", "index": 0}],
    ]
    assert aggregate(chunks).content_blocks == response_to_message(completed(item)["response"]).content_blocks


MESSAGE = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "status": "completed",
    "content": [{"type": "output_text", "text": "Hello world", "annotations": []}],
}
TEXT_AT = {"output_index": 0, "item_id": "msg_1", "content_index": 0}


def text_events(*deltas: str) -> list[dict[str, Any]]:
    return [
        {"type": "response.output_item.added", "output_index": 0, "item": {**MESSAGE, "content": []}},
        *({"type": "response.output_text.delta", **TEXT_AT, "delta": delta} for delta in deltas),
    ]


def test_the_final_chunk_adds_the_text_the_deltas_did_not_carry() -> None:
    chunks = run([*text_events("Hel", "lo"), completed(MESSAGE)])
    assert chunks[-1].content[0]["text"] == " world"  # type: ignore[index]
    assert aggregate(chunks).text == "Hello world"


def test_a_final_text_that_does_not_continue_the_deltas_adds_nothing() -> None:
    # The deltas were shown already; a final text that contradicts them is not appended to them.
    chunks = run([*text_events("Good", "bye"), completed(MESSAGE)])
    assert chunks[-1].content[0]["text"] == ""  # type: ignore[index]
    assert aggregate(chunks).text == "Goodbye"


@pytest.mark.parametrize("empty", [{}, {"output": []}, {"output": None}], ids=["absent", "empty", "null"])
def test_a_terminal_event_without_output_uses_the_finished_items_in_output_order(empty: dict[str, Any]) -> None:
    events = [
        *text_events("Hello world"),
        {"type": "response.output_item.done", "output_index": 1, "item": CALL},
        {"type": "response.output_item.done", "output_index": 0, "item": MESSAGE},
        {"type": "response.output_item.done", "output_index": 2, "item": "not an item"},
        {"type": "response.completed", "response": {"id": "gen", "status": "completed", **empty}},
    ]
    chunks = run(events)
    invoked = response_to_message({"id": "gen", "status": "completed", "output": [MESSAGE, CALL]})
    full = aggregate(chunks)
    assert full.content == invoked.content
    assert full.tool_calls == invoked.tool_calls
    assert full.response_metadata["finish_reason"] == "tool_calls"


def test_logprobs_of_the_final_response_win_over_those_of_the_done_events() -> None:
    final_logprobs = [{"token": "Hello", "logprob": -0.1}, {"token": " world", "logprob": -0.2}]
    message = {**MESSAGE, "content": [{**MESSAGE["content"][0], "logprobs": final_logprobs}]}  # type: ignore[index]
    done = {"type": "response.output_text.done", **TEXT_AT, "text": "Hello world", "logprobs": [{"token": "x"}]}
    chunks = run([*text_events("Hello world"), done, completed(message)])
    assert chunks[-1].response_metadata["logprobs"] == final_logprobs
    chunks = run([*text_events("Hello world"), done, completed(MESSAGE)])
    assert chunks[-1].response_metadata["logprobs"] == [{"token": "x"}], "kept when the final response has none"


def test_text_parts_are_announced_once_and_empty_deltas_add_nothing() -> None:
    message = {
        **MESSAGE,
        "content": [{"type": "output_text", "text": "One."}, {"type": "output_text", "text": "Two."}],
    }
    at = {"output_index": 0, "item_id": "msg_1"}
    second = {"type": "response.content_part.added", **at, "content_index": 1, "part": {"type": "output_text"}}
    events = [
        {"type": "response.output_item.added", "output_index": 0, "item": {**message, "content": []}},
        {"type": "response.content_part.added", **at, "part": {"type": "output_text", "text": ""}},
        {"type": "response.output_text.delta", **at, "delta": ""},
        {"type": "response.output_text.delta", **at},
        {"type": "response.output_text.delta", **at, "delta": "One."},
        {"type": "response.content_part.added", **at, "content_index": 0, "part": {"type": "output_text"}},
        second,
        second,
        {"type": "response.output_text.delta", **at, "content_index": 1, "delta": "Two."},
        completed(message),
    ]
    chunks = run(events)
    assert [chunk.content for chunk in chunks[:-1]] == [
        [{"type": "text", "text": "", "index": 0}],
        [{"type": "text", "text": "One.", "index": 0}],
        [{"type": "text", "text": "", "index": 1}],
        [{"type": "text", "text": "Two.", "index": 1}],
    ]
    assert aggregate(chunks).content == response_to_message(completed(message)["response"]).content


def test_a_refusal_part_announced_twice_is_announced_once() -> None:
    at = {"output_index": 0, "item_id": "msg_1", "content_index": 0}
    part_added = {"type": "response.content_part.added", **at, "part": {"type": "refusal", "refusal": ""}}
    chunks = run([part_added, part_added, completed(REFUSAL)])
    assert [chunk.content for chunk in chunks[:-1]] == [[{"type": "refusal", "refusal": "", "index": 0}]]


def test_an_empty_message_in_the_final_response_streams_as_non_standard() -> None:
    item = {"id": "msg_1", "type": "message", "content": []}
    chunks = run([completed(item)])
    assert chunks[-1].content == [{"type": "non_standard", "value": {"item": item}, "index": 0}]


def test_events_that_name_their_item_but_not_its_place_find_it() -> None:
    reasoning = {"id": "rs_1", "type": "reasoning", "summary": []}
    message = {**MESSAGE, "content": [{"type": "output_text", "text": "Hi"}]}
    events = [
        {"type": "response.output_item.added", "output_index": 0, "item": reasoning},
        {"type": "response.output_item.added", "output_index": 1, "item": {**message, "content": []}},
        {"type": "response.output_text.delta", "item_id": "msg_1", "delta": "Hi"},
        completed(reasoning, message),
    ]
    chunks = run(events)
    assert aggregate(chunks).content == response_to_message(completed(reasoning, message)["response"]).content


def test_finished_items_without_an_output_index_keep_their_arrival_order() -> None:
    events = [
        {"type": "response.output_item.done", "item": MESSAGE},
        {"type": "response.output_item.done", "item": CALL},
        {"type": "response.completed", "response": {"id": "gen", "status": "completed"}},
    ]
    full = aggregate(run(events))
    invoked = response_to_message({"id": "gen", "status": "completed", "output": [MESSAGE, CALL]})
    assert full.content == invoked.content
    assert full.tool_calls == invoked.tool_calls
