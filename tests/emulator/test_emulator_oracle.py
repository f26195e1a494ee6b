"""The default responder's evaluation order, one test per branch, over real HTTP."""

from __future__ import annotations

import json
from typing import Any

import pytest

from langchain_openrouter_responses.emulator.model.answers import HAIKU
from langchain_openrouter_responses.emulator.model.oracle import default_reply
from tests.emulator.conftest import Answer, Client

MAGIC = {
    "type": "function",
    "name": "magic_function",
    "description": "Apply a magic function to an input.",
    "parameters": {
        "type": "object",
        "properties": {"input": {"type": "integer", "exclusiveMinimum": -1000, "exclusiveMaximum": 1000}},
        "required": ["input"],
    },
    "strict": None,
}
WEATHER = {
    "type": "function",
    "name": "get_weather",
    "description": "Get the weather at a location.",
    "parameters": {
        "type": "object",
        "properties": {"location": {"type": "string", "title": "Location"}},
        "required": ["location"],
    },
}
JOKE = {
    "type": "object",
    "title": "Joke",
    "properties": {
        "setup": {"type": "string", "description": "question to set up a joke"},
        "punchline": {"type": "string", "description": "answer to resolve the joke"},
    },
    "required": ["setup", "punchline"],
}
JOKE_FORMAT = {"format": {"type": "json_schema", "name": "Joke", "schema": JOKE, "strict": True}}


def output(answer: Answer) -> list[dict[str, Any]]:
    assert answer.status == 200, answer.body
    items: list[dict[str, Any]] = answer.json()["output"]
    return items


def calls(answer: Answer) -> list[tuple[str, Any]]:
    return [(item["name"], json.loads(item["arguments"])) for item in output(answer) if item["type"] == "function_call"]


def text(answer: Answer) -> str:
    items = output(answer)
    assert [item["type"] for item in items] == ["message"]
    value: str = items[0]["content"][0]["text"]
    return value


def after_call(question: str, result: Any, name: str = "get_weather") -> list[dict[str, Any]]:
    call = {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": name, "arguments": "{}"}
    return [
        {"role": "user", "content": question},
        call,
        {"type": "function_call_output", "call_id": "call_1", "output": result},
    ]


# (1) The last item is a function_call_output and tool_choice is not forcing: answer with text.


@pytest.mark.parametrize("choice", [None, "auto", "none"])
def test_tool_output_last_gets_a_text_answer_that_uses_it(client: Client, choice: str | None) -> None:
    fields = {"tool_choice": choice} if choice else {}
    history = after_call("What is the weather in San Francisco, CA?", "It's sunny.")

    assert text(client.ask(history, tools=[WEATHER], **fields)) == "The tool returned: It's sunny."


def test_tool_output_parts_are_described(client: Client) -> None:
    parts = [
        {"type": "input_text", "text": "Here is the chart."},
        {"type": "input_image", "image_url": "data:image/png;base64,iVBORw0KGgo=", "detail": "auto"},
        {"type": "input_file", "filename": "a.pdf", "file_data": "data:application/pdf;base64,JVBERi0="},
    ]
    history = after_call("Get a chart and the report.", parts, name="random_image")

    answer = text(client.ask(history, tools=[{**WEATHER, "name": "random_image"}]))

    assert answer == "The tool returned: Here is the chart. I see 1 image and 1 PDF file."


def test_tool_output_with_a_json_schema_format_answers_json(client: Client) -> None:
    history = after_call("Weather in Paris as a joke?", "It's sunny.")

    answer = client.ask(history, tools=[WEATHER], text=JOKE_FORMAT)

    assert set(json.loads(text(answer))) == {"setup", "punchline"}


# (2) Forced tool: a named choice, or "required" (the tool named in the text, else the first).


def test_named_choice_calls_that_tool(client: Client) -> None:
    choice = {"type": "function", "name": "magic_function"}

    answer = client.ask("What is the weather in Paris?", tools=[WEATHER, MAGIC], tool_choice=choice)

    assert calls(answer) == [("magic_function", {"input": 0})]


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Hello!", ("magic_function", {"input": 0})),
        ("What is the value of magic_function(3)? Use the tool.", ("magic_function", {"input": 3})),
        ("Is it raining? Check the weather in Oslo", ("get_weather", {"location": "Oslo"})),
    ],
)
def test_required_calls_the_named_tool_else_the_first(client: Client, prompt: str, expected: Any) -> None:
    assert calls(client.ask(prompt, tools=[MAGIC, WEATHER], tool_choice="required")) == [expected]


def test_required_still_calls_after_a_tool_output(client: Client) -> None:
    history = after_call("What is the weather in Lima?", "It's sunny.")

    assert calls(client.ask(history, tools=[WEATHER], tool_choice="required")) == [
        ("get_weather", {"location": "Lima"})
    ]


# (3) Unforced: call only when a name token longer than 4 characters is in the user text.


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("What is the weather in San Francisco, CA?", [("get_weather", {"location": "San Francisco, CA"})]),
        ("Can you get me something?", []),
        ("Hello!", []),
    ],
)
def test_unforced_calls_only_on_a_long_name_token(client: Client, prompt: str, expected: Any) -> None:
    answer = client.ask(prompt, tools=[WEATHER])

    assert calls(answer) == expected
    if not expected:
        assert text(answer) == f'Hello! You said: "{prompt}"'


def test_tool_choice_none_never_calls(client: Client) -> None:
    answer = client.ask("What is the weather in Rome?", tools=[WEATHER], tool_choice="none")

    assert text(answer) == 'Hello! You said: "What is the weather in Rome?"'


def test_tool_calls_come_before_a_text_format(client: Client) -> None:
    answer = client.ask("What is the weather in Rome?", tools=[WEATHER], text=JOKE_FORMAT)

    assert calls(answer) == [("get_weather", {"location": "Rome"})]


# Parallel calls: the user names two tools outright.


def test_two_named_tools_get_two_calls(client: Client) -> None:
    prompt = "Call magic_function with 5 and get_weather in Paris"

    answer = client.ask(prompt, tools=[WEATHER, MAGIC], tool_choice="required")

    assert calls(answer) == [("magic_function", {"input": 5}), ("get_weather", {"location": "Paris"})]
    call_ids = [item["call_id"] for item in output(answer)]
    assert len(set(call_ids)) == 2


def test_parallel_calls_off_gives_one_call(client: Client) -> None:
    prompt = "Call magic_function with 5 and get_weather in Paris"

    answer = client.ask(prompt, tools=[WEATHER, MAGIC], parallel_tool_calls=False)

    assert calls(answer) == [("magic_function", {"input": 5})]


def test_a_name_inside_a_longer_name_is_not_a_mention(client: Client) -> None:
    no_args = {"type": "function", "name": "magic_function_no_args", "parameters": {"type": "object"}}
    prompt = "What is the value of magic_function_no_args()? Use the tool."

    answer = client.ask(prompt, tools=[MAGIC, no_args], tool_choice="required")

    assert calls(answer) == [("magic_function_no_args", {})]


def test_parallel_calls_stream_as_two_items(client: Client) -> None:
    prompt = "Call magic_function(2), then get_weather in Oslo"

    events = client.stream(prompt, tools=[WEATHER, MAGIC], tool_choice="auto").events

    added = [event["item"]["name"] for event in events if event["type"] == "response.output_item.added"]
    assert added == ["magic_function", "get_weather"]
    done = [event for event in events if event["type"] == "response.function_call_arguments.done"]
    assert [(event["output_index"], json.loads(event["arguments"])) for event in done] == [
        (0, {"input": 2}),
        (1, {"location": "Oslo"}),
    ]


# (4) json_schema, (5) json_object, (6) plain text.


def test_json_schema_format_gives_an_instance(client: Client) -> None:
    answer = client.ask("Tell me a joke about cats.", text=JOKE_FORMAT)

    assert json.loads(text(answer)) == {
        "setup": "question to set up a joke",
        "punchline": "answer to resolve the joke",
    }


def test_json_schema_text_streams_in_several_deltas(client: Client) -> None:
    events = client.stream("Tell me a joke about cats.", text=JOKE_FORMAT).events

    deltas = [event["delta"] for event in events if event["type"] == "response.output_text.delta"]
    assert len(deltas) > 5
    assert set(json.loads("".join(deltas))) == {"setup", "punchline"}


def test_json_object_keys_are_the_quoted_words(client: Client) -> None:
    prompt = (
        "Tell me a joke about cats. Return the result as a JSON with 'setup' and "
        "'punchline' keys. Return nothing other than JSON."
    )

    answer = client.ask(prompt, text={"format": {"type": "json_object"}})

    assert json.loads(text(answer)) == {"setup": "The setup about cats.", "punchline": "The punchline about cats."}


def test_json_object_without_quoted_words_still_answers_json(client: Client) -> None:
    answer = client.ask("Reply in JSON, it's fine", text={"format": {"type": "json_object"}})

    assert json.loads(text(answer)) == {"answer": 'Hello! You said: "Reply in JSON, it\'s fine"'}


def test_plain_text_haiku_has_three_lines(client: Client) -> None:
    haiku = text(client.ask("Write a haiku about the sea", text={"format": {"type": "text"}}))

    assert haiku == HAIKU
    assert len(haiku.splitlines()) == 3


def test_plain_text_keeps_the_greeting_for_empty_input(client: Client) -> None:
    assert text(client.ask([])) == "Hello! How can I help you today?"


# Multimodal user messages: say what was received.


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (
            [
                {"type": "input_image", "image_url": "https://example.com/a.png", "detail": "auto"},
                {"type": "input_file", "filename": "test_file.pdf", "file_data": "data:application/pdf;base64,JVBE"},
            ],
            "I see 1 image and 1 PDF file.",
        ),
        (
            [
                {"type": "input_image", "image_url": "data:image/png;base64,iVBORw0KGgo=", "detail": "low"},
                {"type": "input_image", "file_id": "file-1", "detail": "high"},
                {"type": "input_file", "file_url": "https://example.com/notes.txt"},
                {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
            ],
            "I see 2 images, 1 file and 1 audio clip.",
        ),
        ([{"type": "input_video", "video_url": "https://example.com/v.mp4"}], "I see 1 video."),
    ],
)
def test_media_in_the_user_message_is_described(client: Client, parts: list[Any], expected: str) -> None:
    message = {"role": "user", "content": [{"type": "input_text", "text": "Describe these:"}, *parts]}

    assert text(client.ask([message], model="google/gemini-2.5-flash")) == expected


def test_web_search_answers_cite_a_source() -> None:
    for body in (
        {"model": "openai/gpt-4o:online", "input": "Latest Python release?"},
        {"model": "openai/gpt-4o", "input": "Latest Python release?", "plugins": [{"id": "web"}]},
    ):
        (item,) = default_reply(body, str(body["model"])).output
        part = item["content"][0]
        (annotation,) = part["annotations"]
        assert annotation["type"] == "url_citation"
        assert annotation["url"].startswith("https://search.example/")
        assert part["text"][annotation["start_index"] : annotation["end_index"]] == " [1]"
    plain = default_reply({"model": "openai/gpt-4o", "input": "hi"}, "openai/gpt-4o").output
    assert plain[0]["content"][0]["annotations"] == []


def test_a_named_custom_tool_is_called_with_the_user_s_words_and_its_output_answered(client: Client) -> None:
    patch_tool = {"type": "custom", "name": "apply_patch", "description": "Apply a patch."}
    ask = "Please apply_patch: rename x to y"
    first = client.ask(ask, tools=[patch_tool]).json()["output"]
    assert [(item["type"], item["name"], item["input"]) for item in first] == [("custom_tool_call", "apply_patch", ask)]
    call = first[0]
    answer = {"type": "custom_tool_call_output", "call_id": call["call_id"], "output": "patch applied"}
    history = [{"role": "user", "content": ask}, call, answer]
    (reply,) = client.ask(history, tools=[patch_tool]).json()["output"]
    assert reply["type"] == "message"
    assert "patch applied" in reply["content"][0]["text"]
