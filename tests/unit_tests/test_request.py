"""Messages and settings → request body (pure conversion)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.messages import (
    AIMessage,
    ChatMessage,
    FunctionMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)

from langchain_openrouter_responses import MessageConversionError
from langchain_openrouter_responses._open_options import UnknownOptionWarning
from langchain_openrouter_responses._wire.body import (
    build_body,
    reasoning_requested,
    reject_stateful,
    validate_model,
    validate_models,
    validate_reasoning,
)
from langchain_openrouter_responses._wire.input import messages_to_input
from langchain_openrouter_responses._wire.response import response_to_message
from tests.unit_tests.conftest import fixture_json


def test_system_human_and_plain_ai_turns() -> None:
    items = messages_to_input(
        [
            SystemMessage("Be terse."),
            HumanMessage("Capital of France?"),
            AIMessage("Paris."),
            HumanMessage([{"type": "text", "text": "And "}, "Spain?"]),
        ]
    )
    assert items == [
        {"type": "message", "role": "system", "content": "Be terse."},
        {"type": "message", "role": "user", "content": "Capital of France?"},
        {"type": "message", "role": "assistant", "content": "Paris."},
        {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": "And "}, {"type": "input_text", "text": "Spain?"}],
        },
    ]


def test_developer_role_and_chat_message_roles() -> None:
    developer = SystemMessage("Rules.", additional_kwargs={"__openai_role__": "developer"})
    items = messages_to_input([developer, ChatMessage(role="user", content="hi")])
    assert [item["role"] for item in items] == ["developer", "user"]


def test_human_name_is_not_sent() -> None:
    assert messages_to_input([HumanMessage("hi", name="bob")]) == [{"type": "message", "role": "user", "content": "hi"}]


@pytest.mark.parametrize(
    ("message", "fragment"),
    [
        (ChatMessage(role="critic", content="x"), "role 'critic'"),
        (FunctionMessage(name="f", content="x"), "ToolMessage"),
        (HumanMessage([{"type": "mystery", "data": 1}]), "'mystery'"),
    ],
)
def test_unsupported_messages_fail_with_a_clear_error(message: Any, fragment: str) -> None:
    with pytest.raises(MessageConversionError, match=fragment):
        messages_to_input([message])


def test_multi_turn_fixture_request_shape() -> None:
    recorded = fixture_json("json-multi-turn-2-no-tools-claude-sonnet-4.request.json")
    history = []
    for item in recorded["input"]:
        cls = {"user": HumanMessage, "assistant": AIMessage, "system": SystemMessage}[item["role"]]
        history.append(cls(item["content"]))
    assert messages_to_input(history) == [{"type": "message", **item} for item in recorded["input"]]


def test_returned_message_replays_output_items_byte_exact() -> None:
    response = fixture_json("json-tool-call-with-incomplete-message-claude.response.json")
    message = response_to_message(response)
    replayed = messages_to_input([HumanMessage("hi"), message])[1:]
    assert [json.dumps(item) for item in replayed] == [json.dumps(item) for item in response["output"]]


def test_two_consecutive_reasoning_items_stay_distinct() -> None:
    output = [
        {
            "id": "rs_a",
            "type": "reasoning",
            "summary": [],
            "encrypted_content": "enc-a",
            "format": "openai-responses-v1",
        },
        {
            "id": "rs_b",
            "type": "reasoning",
            "summary": [{"type": "summary_text", "text": "b"}],
            "encrypted_content": "enc-b",
        },
        {
            "id": "msg_1",
            "type": "message",
            "role": "assistant",
            "status": "completed",
            "content": [{"type": "output_text", "text": "x"}],
        },
    ]
    message = response_to_message({"id": "gen", "model": "m", "output": output})
    assert messages_to_input([message]) == output
    v1 = AIMessage(content=message.content_blocks, response_metadata={"output_version": "v1"})  # type: ignore[arg-type]
    assert messages_to_input([v1]) == output


def test_message_with_several_parts_is_replayed_once() -> None:
    item = {
        "id": "msg_2",
        "type": "message",
        "role": "assistant",
        "content": [{"type": "output_text", "text": "a"}, {"type": "output_text", "text": "b"}],
    }
    message = response_to_message({"id": "gen", "model": "m", "output": [item]})
    assert message.text == "ab"
    assert messages_to_input([message]) == [item]


def test_unknown_output_items_are_kept_and_replayed() -> None:
    item = {"type": "computer_call", "id": "cu_1", "status": "completed", "action": {"type": "click"}}
    message = response_to_message({"id": "gen", "model": "m", "output": [item]})
    assert message.content_blocks[0]["type"] == "non_standard"
    assert messages_to_input([message]) == [item]


def test_hand_written_tool_calls_and_tool_results() -> None:
    ai = AIMessage("", tool_calls=[{"name": "get_weather", "args": {"city": "東京"}, "id": "call_9"}])
    items = messages_to_input([ai, ToolMessage("sunny", tool_call_id="call_9")])
    assert items == [
        {
            "type": "function_call",
            "id": "fc_call_9",
            "call_id": "call_9",
            "name": "get_weather",
            "arguments": '{"city": "東京"}',
        },
        {"type": "function_call_output", "call_id": "call_9", "output": "sunny"},
    ]
    assert messages_to_input([ai]) == items[:1], "replay must be deterministic for prompt caching"


def test_tool_message_list_content() -> None:
    text_blocks = ToolMessage([{"type": "text", "text": "a"}, "b"], tool_call_id="c")
    assert messages_to_input([text_blocks])[0]["output"] == "ab"
    other = ToolMessage([{"type": "json", "value": {"k": 1}}], tool_call_id="c")
    assert json.loads(messages_to_input([other])[0]["output"]) == [{"type": "json", "value": {"k": 1}}]


@pytest.mark.parametrize(
    "reasoning",
    [
        {"enabled": True},
        {"effort": "xhigh"},
        {"effort": "none"},
        {"max_tokens": 2000},
        {"summary": "auto", "effort": "low"},
    ],
)
def test_valid_reasoning_settings(reasoning: dict[str, Any]) -> None:
    assert validate_reasoning(reasoning) == reasoning


@pytest.mark.parametrize(
    ("reasoning", "fragment"),
    [
        ({"effort": "extreme"}, "use one of"),
        ({"summary": "long"}, "use one of"),
        ({"enabled": "yes"}, "True or False"),
        ({"max_tokens": -5}, "positive integer"),
        ({"effort": "high", "max_tokens": 100}, "one or the other"),
        ("high", "must be a dict"),
    ],
)
def test_invalid_reasoning_settings_name_the_fix(reasoning: Any, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        validate_reasoning(reasoning)


def test_an_unknown_reasoning_key_is_sent_with_one_warning_naming_the_closest() -> None:
    message = r"reasoning: unknown key 'efort' \(did you mean 'effort'\?\)"
    with pytest.warns(UnknownOptionWarning, match=message) as caught:
        assert validate_reasoning({"efort": "high", "summary": "auto"}) == {"efort": "high", "summary": "auto"}
    assert len(caught) == 1


def test_empty_reasoning_is_omitted_and_none_effort_disables() -> None:
    assert validate_reasoning({}) is None
    assert not reasoning_requested({"effort": "none"})
    assert not reasoning_requested({"enabled": False})
    assert reasoning_requested({"max_tokens": 10})


@pytest.mark.parametrize("params", [{"previous_response_id": "gen-1"}, {"store": True}, {"conversation": "c"}])
def test_stateful_parameters_are_refused(params: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="stateless"):
        reject_stateful(params)


def test_build_body_maps_call_kwargs() -> None:
    body = build_body(
        {"model": "a/b", "temperature": 1.0},
        [HumanMessage("hi")],
        {"model": "c/d", "max_tokens": 5, "temperature": None, "reasoning": {"effort": "low"}, "stop": []},
        stream=True,
    )
    assert body == {
        "model": "c/d",
        "max_output_tokens": 5,
        "reasoning": {"effort": "low"},
        "include": ["reasoning.encrypted_content"],
        "input": [{"type": "message", "role": "user", "content": "hi"}],
        "stream": True,
    }


def test_build_body_refuses_previous_response_id_per_call() -> None:
    with pytest.raises(ValueError, match="stateless"):
        build_body({"model": "a/b"}, [HumanMessage("hi")], {"previous_response_id": "gen-1"}, stream=False)


@pytest.mark.parametrize(
    "model",
    [
        "openai/gpt-4o",
        "anthropic/claude-sonnet-4.5",
        "meta-llama/llama-3.3-70b-instruct:free",
        "openai/gpt-4o:online",
        "openrouter/auto",
        "~anthropic/claude-sonnet-latest",
        "@preset/my-preset",
    ],
)
def test_model_ids_openrouter_routes_are_accepted(model: str) -> None:
    assert validate_model(model) == model
    assert validate_models([model]) == [model]


@pytest.mark.parametrize(
    "model",
    [
        "",
        " ",
        "gpt-4o",
        "openai/",
        "/gpt-4o",
        "openai/gpt-4o:",
        " openai/gpt-4o",
        "openai/gpt 4o",
        "a/b/c",
        "@preset/",
        5,
        None,
    ],
)
def test_malformed_model_ids_are_refused_naming_the_parameter(model: object) -> None:
    with pytest.raises(ValueError, match=r"model=.* is not an OpenRouter model id.*vendor/name"):
        validate_model(model)
    with pytest.raises(ValueError, match=r"models\[1\]="):
        validate_models(["openai/gpt-4o", model])


@pytest.mark.parametrize(
    "block",
    [
        {"type": "audio", "base64": "UklGRg==", "mime_type": "audio/wav"},
        {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
        {"type": "video", "url": "https://example.com/clip.mp4"},
        {"type": "input_video", "video_url": "https://example.com/clip.mp4"},
    ],
)
def test_audio_and_video_in_tool_results_are_refused_naming_the_block(block: dict[str, Any]) -> None:
    message = ToolMessage([{"type": "text", "text": "here"}, block], tool_call_id="call_7")
    with pytest.raises(
        MessageConversionError, match=rf"call_7.*{block['type']!r}.*input_text, input_image, input_file"
    ):
        messages_to_input([message])


def test_tool_results_send_only_the_parts_function_call_output_allows() -> None:
    message = ToolMessage(
        [
            {"type": "text", "text": "chart and report"},
            {"type": "image", "url": "https://example.com/c.png"},
            {"type": "file", "base64": "JVBERi0=", "mime_type": "application/pdf"},
        ],
        tool_call_id="call_8",
    )
    (item,) = messages_to_input([message])
    assert [part["type"] for part in item["output"]] == ["input_text", "input_image", "input_file"]
