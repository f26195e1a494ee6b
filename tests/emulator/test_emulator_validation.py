"""The request oracle: multimodal parts, tool outputs, tool_choice and text.format."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.emulator.conftest import Answer, Client

PNG = "data:image/png;base64,iVBORw0KGgo="
PDF = "data:application/pdf;base64,JVBERi0xLjQ="
TOOL = {"type": "function", "name": "get_weather", "parameters": {"type": "object", "properties": {}}}
CALL = {"type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": "{}"}


def paths(answer: Answer) -> list[list[Any]]:
    assert answer.status == 400, answer.body
    body = answer.json()
    assert body["error"] == {"code": "invalid_prompt", "message": "Invalid Responses API request"}
    return [found["path"] for found in json.loads(body["metadata"]["raw"])]


def user(*parts: Any) -> list[dict[str, Any]]:
    return [{"role": "user", "content": [{"type": "input_text", "text": "Look:"}, *parts]}]


def tool_result(output: Any, call_id: str = "call_1") -> list[dict[str, Any]]:
    return [
        {"role": "user", "content": "Go"},
        CALL,
        {"type": "function_call_output", "call_id": call_id, "output": output},
    ]


ALL_INPUTS_MODEL = "google/gemini-2.5-flash"  # its profile takes images, files, audio and video

ACCEPTED_PARTS = [
    {"type": "input_image", "image_url": PNG, "detail": "auto"},
    {"type": "input_image", "image_url": "https://example.com/cat.png", "detail": "high"},
    pytest.param(
        {"type": "input_image", "image_url": "data:image/jpeg;base64,/9j/4AAQ"},
        marks=pytest.mark.sdk_nonconforming("the SDK requires `detail` on an input_image; the emulator does not"),
    ),
    {"type": "input_image", "file_id": "file-abc", "detail": "low"},
    {"type": "input_file", "filename": "test_file.pdf", "file_data": PDF},
    {"type": "input_file", "file_url": "https://example.com/dummy.pdf"},
    {"type": "input_file", "file_url": "data:application/pdf;base64,__sidecar:0001.pdf__"},
    {"type": "input_file", "file_id": "file-abc"},
    {"type": "input_audio", "input_audio": {"data": "UklGRiQAAABXQVZF", "format": "wav"}},
    {"type": "input_audio", "input_audio": {"data": "SUQz", "format": "mp3"}},
    {"type": "input_video", "video_url": "https://example.com/clip.mp4"},
]


@pytest.mark.parametrize("part", ACCEPTED_PARTS, ids=lambda part: f"{part['type']}-{min(part)}")
def test_accepted_user_parts(client: Client, part: dict[str, Any]) -> None:
    assert client.ask(user(part), model=ALL_INPUTS_MODEL).status == 200


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ({"type": "input_image", "image_url": {"url": PNG}}, [["input", 0, "content", 1, "image_url"]]),
        ({"type": "input_image", "image_url": "iVBORw0KGgo="}, [["input", 0, "content", 1, "image_url"]]),
        ({"type": "input_image", "image_url": PDF}, [["input", 0, "content", 1, "image_url"]]),
        ({"type": "input_image"}, [["input", 0, "content", 1, "image_url"]]),
        ({"type": "input_image", "image_url": PNG, "detail": "max"}, [["input", 0, "content", 1, "detail"]]),
        ({"type": "input_file", "filename": "a.pdf"}, [["input", 0, "content", 1]]),
        (
            {"type": "input_file", "filename": "a.pdf", "file_data": "JVBERi0="},
            [["input", 0, "content", 1, "file_data"]],
        ),
        ({"type": "input_file", "file_data": PDF}, [["input", 0, "content", 1, "filename"]]),
        ({"type": "input_file", "file_url": "dummy.pdf"}, [["input", 0, "content", 1, "file_url"]]),
        ({"type": "input_file", "file_data": {"data": PDF}}, [["input", 0, "content", 1, "file_data"]]),
        ({"type": "input_audio", "data": "UklGRg==", "format": "wav"}, [["input", 0, "content", 1, "input_audio"]]),
        (
            {"type": "input_audio", "input_audio": {"format": "flac"}},
            [["input", 0, "content", 1, "input_audio", "data"], ["input", 0, "content", 1, "input_audio", "format"]],
        ),
        ({"type": "input_video", "video_url": "clip.mp4"}, [["input", 0, "content", 1, "video_url"]]),
        ({"type": "image_url", "image_url": {"url": PNG}}, [["input", 0, "content", 1, "type"]]),
        ({"type": "file", "file": {"filename": "a.pdf", "file_data": PDF}}, [["input", 0, "content", 1, "type"]]),
    ],
)
def test_malformed_user_parts_are_rejected(client: Client, part: dict[str, Any], expected: list[Any]) -> None:
    assert paths(client.ask(user(part))) == expected


@pytest.mark.parametrize(
    "output",
    [
        "It's sunny.",
        [{"type": "input_text", "text": "chart:"}, {"type": "input_image", "image_url": PNG, "detail": "auto"}],
        [{"type": "input_file", "filename": "report.pdf", "file_data": PDF}],
        [],
    ],
)
def test_accepted_tool_outputs(client: Client, output: Any) -> None:
    assert client.ask(tool_result(output), tools=[TOOL]).status == 200


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ({"text": "x"}, [["input", 2, "output"]]),
        (None, [["input", 2, "output"]]),
        (
            [{"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}}],
            [["input", 2, "output", 0, "type"]],
        ),
        ([{"type": "text", "text": "x"}], [["input", 2, "output", 0, "type"]]),
        ([{"type": "input_image", "image_url": "nope"}], [["input", 2, "output", 0, "image_url"]]),
        (["plain"], [["input", 2, "output", 0]]),
    ],
)
def test_malformed_tool_outputs_are_rejected(client: Client, output: Any, expected: list[Any]) -> None:
    assert paths(client.ask(tool_result(output), tools=[TOOL])) == expected


def test_tool_output_must_follow_its_call(client: Client) -> None:
    mismatched = tool_result("sunny", call_id="call_2")
    early = [mismatched[2], mismatched[1]]

    assert paths(client.ask(mismatched, tools=[TOOL])) == [["input", 2, "call_id"]]
    assert paths(client.ask(early, tools=[TOOL])) == [["input", 0, "call_id"]]


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("any", [["tool_choice"]]),
        (True, [["tool_choice"]]),
        ({"type": "function", "name": "missing"}, [["tool_choice", "name"]]),
        ({"type": "function", "function": {"name": "get_weather"}}, [["tool_choice", "name"]]),
        ({"type": "allowed_tools", "tools": []}, [["tool_choice", "mode"]]),
        ({"type": "allowed_tools", "mode": "auto"}, [["tool_choice", "tools"]]),
        (
            {"type": "allowed_tools", "mode": "required", "tools": [{"type": "function", "name": "missing"}]},
            [["tool_choice", "tools", 0, "name"]],
        ),
        ({"type": "web_search_2099"}, [["tool_choice", "type"]]),
        ({"name": "get_weather"}, [["tool_choice", "type"]]),
    ],
)
def test_bad_tool_choices_are_rejected(client: Client, choice: Any, expected: list[Any]) -> None:
    assert paths(client.ask("Hi", tools=[TOOL], tool_choice=choice)) == expected


@pytest.mark.parametrize(
    "choice",
    [
        "auto",
        "none",
        "required",
        {"type": "function", "name": "get_weather"},
        {"type": "allowed_tools", "mode": "auto", "tools": [{"type": "function", "name": "get_weather"}]},
        {"type": "allowed_tools", "mode": "required", "tools": [{"type": "function", "name": "get_weather"}]},
        {"type": "web_search_preview"},
        {"type": "apply_patch"},
        {"type": "shell"},
    ],
)
def test_good_tool_choices_are_accepted(client: Client, choice: Any) -> None:
    assert client.ask("Hi", tools=[TOOL], tool_choice=choice).status == 200


def test_named_choice_without_tools_is_rejected(client: Client) -> None:
    assert paths(client.ask("Hi", tool_choice={"type": "function", "name": "get_weather"})) == [["tool_choice", "name"]]


def test_nested_chat_style_tools_are_rejected(client: Client) -> None:
    nested = {"type": "function", "function": {"name": "get_weather", "parameters": {}}}

    assert paths(client.ask("Hi", tools=[nested])) == [["tools", 0], ["tools", 0, "name"]]


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ({"type": "json_schema", "schema": {"type": "object"}}, [["text", "format", "name"]]),
        ({"type": "json_schema", "name": "Joke"}, [["text", "format", "schema"]]),
        (
            {"type": "json_schema", "json_schema": {"name": "Joke", "schema": {}}},
            [["text", "format", "name"], ["text", "format", "schema"]],
        ),
        ({"type": "json_schema", "name": "J", "schema": {}, "strict": "yes"}, [["text", "format", "strict"]]),
        ({"type": "yaml"}, [["text", "format", "type"]]),
        ("json_object", [["text", "format"]]),
    ],
)
def test_bad_text_formats_are_rejected(client: Client, fmt: Any, expected: list[Any]) -> None:
    assert paths(client.ask("Hi", text={"format": fmt})) == expected


@pytest.mark.parametrize(
    "text_options",
    [
        {"format": {"type": "json_schema", "name": "Joke", "schema": {"type": "object"}, "strict": True}},
        {"format": {"type": "json_object"}},
        {"format": {"type": "text"}, "verbosity": "low"},
        {"verbosity": "low"},
    ],
)
def test_good_text_options_are_accepted(client: Client, text_options: Any) -> None:
    assert client.ask("Hi", text=text_options).status == 200


def test_text_must_be_an_object(client: Client) -> None:
    assert paths(client.ask("Hi", text="json")) == [["text"]]


def test_two_adjacent_configuration_updates_are_rejected(client: Client) -> None:
    update = {"type": "configuration_update", "reasoning": {"effort": "high"}}
    go = {"role": "user", "content": "Go"}
    assert paths(client.post({"model": "openai/gpt-5", "input": [go, update, update, go]})) == [["input", 2]]
    assert client.post({"model": "openai/gpt-5", "input": [update, go, update, go]}).status == 200
