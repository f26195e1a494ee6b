"""Tool calls through invoke and stream, native and v1 content, and their replay."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from integration_tests.helpers import aggregate
from langchain_openrouter_responses import MessageConversionError
from langchain_openrouter_responses.emulator import Emulator, Reply, function_call_item, reasoning_item, text_item

OUTPUT = [
    reasoning_item(text="Two lookups needed.", signature="sig==", format="anthropic-claude-v1"),
    text_item("Checking both."),
    function_call_item("get_weather", '{"location": "Paris"}', call_id="call_a"),
    function_call_item("get_time", '{"zone": "CET"}', call_id="call_b"),
]


def call_blocks(message: AIMessage) -> list[dict[str, Any]]:
    return [block for block in message.content_blocks if block["type"] == "tool_call"]  # type: ignore[misc]


@pytest.mark.parametrize("output_version", [None, "v1"])
def test_parallel_calls_stream_like_invoke_and_replay_exactly(
    emulator: Emulator, make_llm: Any, output_version: str | None
) -> None:
    emulator.queue(Reply(OUTPUT, delta_size=3), Reply(OUTPUT, delta_size=3), Reply([text_item("ok")]))
    llm = make_llm(output_version=output_version)
    invoked = llm.invoke("weather and time in Paris?")
    streamed = aggregate(list(llm.stream("weather and time in Paris?")))
    expected_calls = [
        {"name": "get_weather", "args": {"location": "Paris"}, "id": "call_a", "type": "tool_call"},
        {"name": "get_time", "args": {"zone": "CET"}, "id": "call_b", "type": "tool_call"},
    ]
    for message in (invoked, streamed):
        assert message.tool_calls == expected_calls
        assert [(b["id"], b["args"]) for b in call_blocks(message)] == [
            ("call_a", {"location": "Paris"}),
            ("call_b", {"zone": "CET"}),
        ]
        assert [b["extras"]["item"]["call_id"] for b in call_blocks(message)] == ["call_a", "call_b"]
        assert message.response_metadata["finish_reason"] == "tool_calls"
    history = [HumanMessage("weather and time in Paris?"), streamed]
    history += [ToolMessage("sunny", tool_call_id="call_a"), ToolMessage("noon", tool_call_id="call_b")]
    llm.invoke(history)
    sent = emulator.requests[2].json["input"]
    assert [json.dumps(item) for item in sent[1:5]] == [json.dumps(item) for item in OUTPUT]
    assert sent[5:] == [
        {"type": "function_call_output", "call_id": "call_a", "output": "sunny"},
        {"type": "function_call_output", "call_id": "call_b", "output": "noon"},
    ]


def test_edited_tool_arguments_are_replayed_as_edited(emulator: Emulator, llm: Any) -> None:
    emulator.queue(Reply(OUTPUT))
    message = llm.invoke("weather and time in Paris?")
    message.tool_calls[0]["args"] = {"location": "Lyon"}
    message.tool_calls = message.tool_calls[:1]  # the human reviewer removed the second call
    sent = llm._body([message], None, {}, stream=False)["input"]
    assert [item["type"] for item in sent] == ["reasoning", "message", "function_call"]
    assert sent[2]["id"] == OUTPUT[2]["id"]
    assert json.loads(sent[2]["arguments"]) == {"location": "Lyon"}


def test_edited_text_is_replayed_as_edited(emulator: Emulator, llm: Any) -> None:
    emulator.queue(Reply([text_item("Original answer.")]))
    message = llm.invoke("hi")
    message.content[0]["text"] = "Edited answer."
    (item,) = llm._body([message], None, {}, stream=False)["input"]
    assert item["id"] == message.content[0]["id"]
    assert item["content"][0]["text"] == "Edited answer."


def test_invalid_and_removed_calls_in_content_blocks(emulator: Emulator, llm: Any) -> None:
    output = [
        function_call_item("f", '{"a": 1', call_id="bad"),
        function_call_item("g", '{"b": 2}', call_id="good"),
    ]
    emulator.queue(Reply(output), Reply(output))
    invoked = llm.invoke("hi")
    kinds = [(block["type"], block.get("id")) for block in invoked.content_blocks]
    assert kinds == [("invalid_tool_call", "bad"), ("tool_call", "good")]
    invoked.tool_calls = []
    assert [block["type"] for block in invoked.content_blocks] == ["invalid_tool_call"]
    streamed = aggregate(list(llm.stream("hi")))
    sent = llm._body([streamed], None, {}, stream=False)["input"]
    assert [json.dumps(item) for item in sent] == [json.dumps(item) for item in output]


@pytest.mark.parametrize(
    "media",
    [
        {"type": "audio", "base64": "UklGRg==", "mime_type": "audio/wav"},
        {"type": "video", "base64": "AAAAGGZ0eXA=", "mime_type": "video/mp4"},
    ],
)
def test_audio_or_video_tool_results_fail_before_any_request(
    emulator: Emulator, make_llm: Any, media: dict[str, Any]
) -> None:
    call = {"name": "record", "args": {}, "id": "call_r", "type": "tool_call"}
    history = [
        HumanMessage("Record a clip."),
        AIMessage("", tool_calls=[call]),
        ToolMessage([{"type": "text", "text": "recorded"}, media], tool_call_id="call_r"),
    ]
    with pytest.raises(MessageConversionError, match=f"call_r.*{media['type']}.*input_text, input_image, input_file"):
        make_llm().invoke(history)
    assert emulator.requests == []


@pytest.mark.parametrize("streaming", [False, True])
def test_a_renamed_tool_call_is_replayed_with_its_new_name(emulator: Emulator, llm: Any, streaming: bool) -> None:
    emulator.queue(Reply(OUTPUT), Reply([text_item("ok")]))
    message = aggregate(list(llm.stream("weather?"))) if streaming else llm.invoke("weather?")
    message.tool_calls[0]["name"] = "get_forecast"  # user code routes the call to another tool
    history = [HumanMessage("weather?"), message]
    history += [ToolMessage("sunny", tool_call_id="call_a"), ToolMessage("noon", tool_call_id="call_b")]
    llm.invoke(history)
    sent = emulator.requests[1].json["input"]
    assert json.dumps(sent[3]) == json.dumps({**OUTPUT[2], "name": "get_forecast"})  # only the name changed
    assert [json.dumps(item) for item in (sent[1], sent[2], sent[4])] == [
        json.dumps(item) for item in (OUTPUT[0], OUTPUT[1], OUTPUT[3])
    ]


def test_a_renamed_call_with_edited_arguments_keeps_both_edits(emulator: Emulator, llm: Any) -> None:
    emulator.queue(Reply(OUTPUT))
    message = llm.invoke("weather?")
    message.tool_calls[1] = {**message.tool_calls[1], "name": "get_clock", "args": {"zone": "UTC"}}
    sent = llm._body([message], None, {}, stream=False)["input"]
    assert sent[3] == {**OUTPUT[3], "name": "get_clock", "arguments": '{"zone": "UTC"}'}
    assert [json.dumps(item) for item in sent[:3]] == [json.dumps(item) for item in OUTPUT[:3]]


def test_a_call_with_an_edited_id_is_sent_under_the_new_id(emulator: Emulator, llm: Any) -> None:
    emulator.queue(Reply(OUTPUT), Reply([text_item("ok")]))
    message = llm.invoke("weather?")
    message.tool_calls[0]["id"] = "call_z"
    history = [HumanMessage("weather?"), message]
    history += [ToolMessage("sunny", tool_call_id="call_z"), ToolMessage("noon", tool_call_id="call_b")]
    llm.invoke(history)
    sent = emulator.requests[1].json["input"]
    assert [json.dumps(item) for item in sent[1:4]] == [json.dumps(item) for item in (*OUTPUT[:2], OUTPUT[3])]
    assert sent[4] == {
        "type": "function_call",
        "id": "fc_call_z",
        "call_id": "call_z",
        "name": "get_weather",
        "arguments": '{"location": "Paris"}',
    }
