"""The emulator refuses what OpenRouter refuses: unknown models, missing capabilities, oversized prompts.

It also truncates at `max_output_tokens`, answers big prompts briefly and reports prompt-cache reads,
all over raw HTTP as a client sees them.
"""

from __future__ import annotations

from typing import Any

import pytest

from langchain_openrouter_responses.emulator import Emulator, Reply, text_item
from tests.emulator.conftest import API_KEY, Client

PNG = "data:image/png;base64,iVBORw0KGgo="
TEXT_ONLY = "openai/gpt-oss-20b"
NO_TOOLS = "cohere/command-r7b-12-2024"
TOOL = {"type": "function", "name": "get_weather", "parameters": {"type": "object", "properties": {}}}


def image_message(text: str = "What is this?") -> list[dict[str, Any]]:
    parts = [{"type": "input_text", "text": text}, {"type": "input_image", "image_url": PNG, "detail": "auto"}]
    return [{"role": "user", "content": parts}]


@pytest.mark.parametrize("model", ["acme/fake-1.0", "nonsense model!!", "openai/", "OpenAI/GPT-4o"])
def test_unknown_or_malformed_model_is_400_model_not_found(client: Client, model: str) -> None:
    answer = client.ask(model=model)

    assert answer.status == 400
    error = answer.json()["error"]
    assert error["message"] == f"{model} is not a valid model ID"
    assert error["availability"]["code"] == "model_not_found"
    assert error["availability"]["retryable"] is False


def test_empty_model_names_the_length_problem(client: Client) -> None:
    answer = client.ask(model="")

    assert answer.status == 400
    assert "expected string to have >=1 characters" in answer.json()["metadata"]["raw"]


@pytest.mark.parametrize(
    "model",
    ["openai/gpt-4o-mini:free", "anthropic/claude-3.7-sonnet:thinking", "openrouter/auto", "@preset/my-preset"],
)
def test_known_ids_variants_recorded_models_and_presets_are_served(client: Client, model: str) -> None:
    assert client.ask(model=model).status == 200


def test_models_added_by_the_test_are_served() -> None:
    with Emulator(API_KEY, models=["acme/next-1"]) as emu:
        assert Client(emu).ask(model="acme/next-1").json()["model"] == "acme/next-1"
        assert Client(emu).ask(model="acme/next-2").status == 400
        emu.catalogue.add("acme/next-2")
        assert Client(emu).ask(model="acme/next-2").status == 200


def test_fallback_skips_unknown_ids(client: Client) -> None:
    answer = client.post({"model": "acme/fake-1.0", "models": ["openai/gpt-4o"], "input": "Hi"}, key=API_KEY)

    assert answer.json()["model"] == "openai/gpt-4o"


@pytest.mark.parametrize(
    ("part", "capability"),
    [
        ({"type": "input_image", "image_url": PNG}, "image input"),
        (
            {"type": "input_file", "filename": "a.pdf", "file_data": "data:application/pdf;base64,JVBERi0="},
            "file input",
        ),
        ({"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}}, "audio input"),
        ({"type": "input_video", "video_url": "https://example.com/v.mp4"}, "video input"),
    ],
)
def test_input_a_text_only_model_cannot_take_is_404(client: Client, part: dict[str, Any], capability: str) -> None:
    client.emu.queue(Reply([text_item("never served")]))

    answer = client.ask([{"role": "user", "content": [part]}], model=TEXT_ONLY)

    assert answer.status == 404
    assert answer.json() == {"error": {"code": 404, "message": f"No endpoints found that support {capability}"}}
    assert client.emu.pending == 1
    client.emu.clear()


def test_media_in_a_tool_result_needs_the_capability_too(client: Client) -> None:
    call = {"type": "function_call", "call_id": "c1", "name": "get_weather", "arguments": "{}"}
    output = [{"type": "input_image", "image_url": PNG, "detail": "auto"}]
    history = [
        {"role": "user", "content": "Go"},
        call,
        {"type": "function_call_output", "call_id": "c1", "output": output},
    ]

    assert client.ask(history, model=TEXT_ONLY, tools=[TOOL]).status == 404
    assert client.ask(history, model="openai/gpt-4o-mini", tools=[TOOL]).status == 200


def test_tools_to_a_model_without_tool_calling_is_404(client: Client) -> None:
    answer = client.ask(model=NO_TOOLS, tools=[TOOL])

    assert answer.status == 404
    assert answer.json()["error"]["message"] == "No endpoints found that support tool use"
    assert client.ask(model=NO_TOOLS).status == 200


def test_fallback_picks_a_model_with_the_capability(client: Client) -> None:
    body = {"model": TEXT_ONLY, "models": ["openai/gpt-4o-mini"], "input": image_message()}

    answer = client.post(body)

    assert answer.status == 200
    assert answer.json()["model"] == "openai/gpt-4o-mini"
    assert answer.json()["output"][0]["content"][0]["text"] == "I see 1 image."


def test_models_without_a_profile_accept_every_input() -> None:
    with Emulator(API_KEY, models=["acme/omni-1"]) as emu:
        assert Client(emu).ask(image_message(), model="acme/omni-1", tools=[TOOL]).status == 200


def output_words(answer: dict[str, Any]) -> int:
    texts = [part.get("text", "") for item in answer["output"] for part in item.get("content") or []]
    return sum(len(text.split()) for text in texts)


def test_max_output_tokens_truncates_a_json_reply(client: Client) -> None:
    answer = client.ask("Tell me a horror story", max_output_tokens=16).json()

    assert answer["status"] == "incomplete"
    assert answer["incomplete_details"] == {"reason": "max_output_tokens"}
    assert answer["output"][0]["status"] == "incomplete"
    assert answer["usage"]["output_tokens"] == output_words(answer) == 16
    full = client.ask("Tell me a horror story").json()
    assert full["status"] == "completed"
    assert full["usage"]["output_tokens"] > 16
    assert full["output"][0]["content"][0]["text"].startswith(answer["output"][0]["content"][0]["text"])


def test_max_output_tokens_truncates_a_stream_with_response_incomplete(client: Client) -> None:
    answer = client.stream("Tell me a horror story", max_output_tokens=16)

    assert answer.types[-1] == "response.incomplete"
    final = answer.events[-1]["response"]
    assert final["incomplete_details"] == {"reason": "max_output_tokens"}
    assert final["usage"]["output_tokens"] <= 16
    deltas = "".join(event["delta"] for event in answer.events if event["type"] == "response.output_text.delta")
    assert deltas == final["output"][0]["content"][0]["text"]
    assert len(deltas.split()) == 16


def test_reasoning_counts_against_max_output_tokens(client: Client) -> None:
    answer = client.ask("Hi there", model="anthropic/claude-sonnet-4", reasoning={"effort": "low"}, max_output_tokens=5)

    body = answer.json()
    assert body["status"] == "incomplete"
    assert [item["type"] for item in body["output"]] == ["reasoning"]
    assert body["usage"]["output_tokens"] == body["usage"]["output_tokens_details"]["reasoning_tokens"] == 5


def test_a_megabyte_prompt_gets_a_short_answer_and_is_counted_whole(client: Client) -> None:
    prompt = "word " * 200_000

    answer = client.ask(prompt, model="google/gemini-2.5-flash").json()

    text = answer["output"][0]["content"][0]["text"]
    assert len(text) < 300
    assert text.endswith('..."')
    assert answer["usage"]["input_tokens"] == 200_000


def test_a_prompt_over_the_context_length_is_400_context_length_exceeded(client: Client) -> None:
    client.emu.queue(Reply([text_item("never served")]))

    answer = client.ask("word " * 200_000, model=TEXT_ONLY)  # 131,072 tokens of context

    assert answer.status == 400
    error = answer.json()["error"]
    assert error["code"] == "invalid_prompt"
    assert error["metadata"] == {"error_type": "context_length_exceeded"}
    assert "maximum context length is 131072 tokens" in error["message"]
    assert "200000 tokens" in error["message"]
    assert client.emu.pending == 1
    client.emu.clear()


def cached(answer: Any) -> int:
    usage = answer.json()["usage"] if not answer.events else answer.events[-1]["response"]["usage"]
    value: int = usage["input_tokens_details"]["cached_tokens"]
    return value


def test_a_repeated_long_prefix_is_read_from_the_cache(client: Client) -> None:
    document = "lorem ipsum " * 600  # 1,200 tokens

    first = client.ask(document + "Question one?", instructions="Be brief.")
    second = client.ask(document + "Question two?", instructions="Be brief.")
    streamed = client.stream(document + "Question three?", instructions="Be brief.")

    assert cached(first) == 0
    assert cached(second) == cached(streamed) == 1152  # 1,024 tokens, then whole steps of 128
    assert second.json()["usage"]["cost"] < first.json()["usage"]["cost"]


def test_the_cache_is_per_model_and_needs_1024_tokens(client: Client) -> None:
    document = "lorem ipsum " * 600
    short = "lorem ipsum " * 400  # 800 tokens

    client.ask(document, model="openai/gpt-4o")
    client.ask(short)

    assert cached(client.ask(document, model="openai/gpt-4o-mini")) == 0
    assert cached(client.ask(short)) == 0
    assert cached(client.ask(document, model="openai/gpt-4o")) == 1152


def test_a_conversation_that_resends_its_history_hits_the_cache(client: Client) -> None:
    history: list[dict[str, Any]] = [{"role": "user", "content": "lorem ipsum " * 700}]
    first = client.ask(history)
    history += [first.json()["output"][0], {"role": "user", "content": "And then?"}]

    assert cached(client.ask(history)) == 1280


@pytest.mark.parametrize("mode", ["auto", "required"])
def test_allowed_tools_narrow_the_calls(client: Client, mode: str) -> None:
    other = {**TOOL, "name": "get_time"}
    choice = {"type": "allowed_tools", "mode": mode, "tools": [{"type": "function", "name": "get_time"}]}

    answer = client.ask("What is the weather and the time?", tools=[TOOL, other], tool_choice=choice).json()

    calls = [item["name"] for item in answer["output"] if item["type"] == "function_call"]
    assert calls == ["get_time"] if mode == "required" else calls in ([], ["get_time"])


def test_a_hosted_tool_choice_calls_no_function(client: Client) -> None:
    answer = client.ask("get_weather please", tools=[TOOL], tool_choice={"type": "web_search_preview"})

    assert answer.status == 200
    assert [item["type"] for item in answer.json()["output"]] == ["message"]
