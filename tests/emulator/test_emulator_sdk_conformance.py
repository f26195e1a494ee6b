"""Everything the emulator can answer validates against OpenRouter's official SDK.

Every reply kind (each item helper, each status, each scripted failure, streamed and not), the
default answer of every model family, and every error the emulator builds or ErrorReply's
constructors script, checked with `tests/sdk_conformance.py` directly (the central check the root
conftest installs sees the same traffic; these tests name each case and do not rely on it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from langchain_openrouter_responses.emulator import (
    Emulator,
    EmulatorCheckError,
    ErrorReply,
    FixtureReply,
    Reply,
    function_call_item,
    image_generation_item,
    reasoning_item,
    text_item,
)
from langchain_openrouter_responses.emulator.conformance import install_conformance_check, installed_check
from langchain_openrouter_responses.emulator.replies.fusion import fusion_item
from tests.emulator.conftest import API_KEY, Answer, Client
from tests.sdk_conformance import (
    DEVIATIONS,
    ERROR_MODELS,
    deviations_table,
    event_models,
    request_problems,
    response_problems,
    sse_events,
    validate,
)

CITATION = {"type": "url_citation", "url": "https://example.com", "title": "Ex", "start_index": 0, "end_index": 5}
REFUSAL = {
    "type": "message",
    "id": "msg_refusal",
    "role": "assistant",
    "status": "completed",
    "content": [{"type": "refusal", "refusal": "I cannot help with that."}],
}
SEARCH = {
    "type": "web_search_call",
    "id": "ws_1",
    "status": "completed",
    "action": {"type": "search", "query": "weather"},
}
REPLIES: dict[str, Reply] = {
    "text": Reply([text_item("Paris.")]),
    "text with a citation": Reply([text_item("Paris is big.", annotations=[CITATION])]),
    "text with a phase": Reply([text_item("Done.", phase="final_answer")]),
    "refusal": Reply([REFUSAL]),
    "reasoning text": Reply([reasoning_item(text="Let me think."), text_item("42")]),
    "reasoning summary": Reply([reasoning_item(summary=["First.", "Second."]), text_item("42")]),
    "encrypted reasoning": Reply(
        [reasoning_item(encrypted_content="gAAAAB", format="openai-responses-v1"), text_item("42")]
    ),
    "signed reasoning": Reply(
        [reasoning_item(text="Hmm.", signature="c2ln", format="anthropic-claude-v1"), text_item("42")]
    ),
    "function calls": Reply([function_call_item("get_weather", '{"city": "Paris"}'), function_call_item("f", "{}")]),
    "image": Reply([image_generation_item(revised_prompt="a cat"), text_item("Here.")]),
    "web search": Reply([SEARCH, text_item("Sunny.")]),
    "fusion": Reply([fusion_item("rain", ["a/b"], [("c/d", "rate limited", 429)]), text_item("Rain.")]),
    "incomplete": Reply([text_item("cut")], status="incomplete", incomplete_reason="max_output_tokens"),
    "failed": Reply([], status="failed"),
    "response.failed mid-stream": Reply([text_item("Hello there")], fail_after=4),
    "error event mid-stream": Reply([text_item("Hello there")], fail_after=4, failure="error"),
    "no keep-alive comments": Reply([text_item("Hi")], keepalive_comments=0),
}


def _assert_conforms(answer: Answer) -> None:
    assert answer.status == 200
    assert response_problems(answer.status, answer.headers["content-type"], answer.body) == []


@pytest.mark.parametrize("name", sorted(REPLIES))
@pytest.mark.parametrize("stream", [False, True], ids=["json", "stream"])
def test_every_reply_kind_validates(client: Client, name: str, stream: bool) -> None:
    client.emu.queue(REPLIES[name])

    answer = client.stream("Hi") if stream else client.ask("Hi")

    _assert_conforms(answer)


def test_a_stream_uses_only_events_the_sdk_knows(client: Client) -> None:
    client.emu.queue(*(REPLIES[name] for name in sorted(REPLIES)))

    kinds = {event["type"] for _ in REPLIES for event in sse_events(client.stream("Hi").body)}

    assert kinds <= set(event_models())
    assert {"response.created", "response.in_progress", "response.completed", "error"} <= kinds


CHAT_FAMILIES = ["openai/gpt-5", "anthropic/claude-sonnet-4", "google/gemini-2.5-flash", "deepseek/deepseek-r1"]


@pytest.mark.parametrize("model", CHAT_FAMILIES)
@pytest.mark.parametrize("stream", [False, True], ids=["json", "stream"])
def test_default_answers_of_every_model_family_validate(client: Client, model: str, stream: bool) -> None:
    fields: dict[str, Any] = {"model": model, "reasoning": {"effort": "low", "summary": "auto"}, "stream": stream}

    _assert_conforms(client.ask("Tell me a story", **fields))


DEFAULT_CASES: dict[str, dict[str, Any]] = {
    "tool call": {
        "input": "use get_weather for Paris",
        "tools": [{"type": "function", "name": "get_weather", "parameters": {"type": "object", "properties": {}}}],
        "tool_choice": "required",
    },
    "structured output": {
        "input": "a person",
        "text": {
            "format": {
                "type": "json_schema",
                "name": "person",
                "schema": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
            }
        },
    },
    "online model": {"model": "openai/gpt-4o-mini:online", "input": "news today"},
    "web search tool": {"input": "news today", "tools": [{"type": "openrouter:web_search"}]},
    "fusion tool": {"input": "news today", "tools": [{"type": "openrouter:fusion"}]},
    "fusion tool with a failing panel": {
        "input": "news today",
        "tools": [
            {
                "type": "openrouter:fusion",
                "parameters": {
                    "analysis_models": ["openai/gpt-5-mini", "vendor/unknown-model"],
                    "model": "openai/gpt-5",
                },
            }
        ],
    },
    "image output": {"model": "google/gemini-2.5-flash-image", "input": "a cat", "modalities": ["image", "text"]},
    "logprobs": {"input": "Hi", "top_logprobs": 2},
    "debug echo": {"input": "Hi", "debug": {"echo_upstream_body": True}},
    "sampling echoed": {"input": "Hi", "presence_penalty": 0.5, "frequency_penalty": 0.25, "user": "u-1"},
}


@pytest.mark.parametrize("case", sorted(DEFAULT_CASES))
@pytest.mark.parametrize("stream", [False, True], ids=["json", "stream"])
def test_default_answers_of_every_request_kind_validate(client: Client, case: str, stream: bool) -> None:
    body = {"model": "openai/gpt-4o-mini", **DEFAULT_CASES[case], "stream": stream}
    assert request_problems(body) == []

    _assert_conforms(client.post(body))


def test_routing_metadata_validates(client: Client) -> None:
    body = {"model": "openai/gpt-4o-mini", "input": "Hi", "models": ["anthropic/claude-sonnet-4"]}

    answer = client.post(body, headers={"X-OpenRouter-Metadata": "enabled"})

    assert "openrouter_metadata" in answer.json()
    _assert_conforms(answer)


SCRIPTED_ERRORS: dict[str, ErrorReply] = {
    **{f"openrouter {status}": ErrorReply.openrouter(status, "Something failed") for status in sorted(ERROR_MODELS)},
    "unauthorized": ErrorReply.unauthorized(),
    "insufficient credits": ErrorReply.insufficient_credits(),
    "rate limited": ErrorReply.rate_limited(),
    "provider error": ErrorReply.provider_error(),
    "provider overloaded": ErrorReply.provider_error(529),
    "no endpoints": ErrorReply.no_endpoints("acme/x"),
    "invalid prompt": ErrorReply.invalid_prompt([]),
}


@pytest.mark.parametrize("name", sorted(SCRIPTED_ERRORS))
def test_every_error_constructor_validates(client: Client, name: str) -> None:
    client.emu.queue(SCRIPTED_ERRORS[name])

    answer = client.ask("Hi")

    assert answer.status == SCRIPTED_ERRORS[name].status
    assert response_problems(answer.status, answer.headers["content-type"], answer.body) == []


EMULATOR_ERRORS: dict[str, tuple[int, dict[str, Any]]] = {
    "bad key": (401, {"key": "sk-or-wrong"}),
    "unknown path": (404, {"path": "/api/v1/nothing"}),
    "invalid body": (400, {"body": {"model": "openai/gpt-4o-mini", "input": 5}}),
    "unknown model": (400, {"body": {"model": "acme/none", "input": "Hi"}}),
    "context overflow": (400, {"body": {"model": "openai/gpt-4o-mini", "input": "word " * 200_000}}),
    "missing capability": (
        404,
        {
            "body": {
                "model": "openai/gpt-3.5-turbo",
                "input": [
                    {
                        "role": "user",
                        "content": [{"type": "input_image", "image_url": "https://e.com/a.png", "detail": "auto"}],
                    }
                ],
            }
        },
    ),
}


@pytest.mark.parametrize("name", sorted(EMULATOR_ERRORS))
def test_every_error_the_emulator_builds_validates(client: Client, name: str) -> None:
    status, how = EMULATOR_ERRORS[name]
    body = how.get("body", {"model": "openai/gpt-4o-mini", "input": "Hi"})

    answer = client.post(body, key=how.get("key", API_KEY), path=how.get("path", "/api/v1/responses"))

    assert answer.status == status
    assert response_problems(answer.status, answer.headers["content-type"], answer.body) == []


def test_the_check_catches_a_missing_required_field() -> None:
    body = b'{"id": "r", "object": "response", "created_at": 1, "model": "m", "status": "completed", "output": []}'

    problems = response_problems(200, "application/json", body)

    assert any("completed_at" in problem for problem in problems)


def test_the_check_catches_an_event_falling_to_unknown() -> None:
    frame = b'data: {"type": "response.output_item.done", "output_index": 0, "sequence_number": 1, "item": {}}\n\n'

    assert response_problems(200, "text/event-stream", frame) != []
    assert response_problems(200, "text/event-stream", b'data: {"type": "response.nothing"}\n\n') != []


def test_the_check_catches_an_unknown_request_key_and_input_item() -> None:
    body = {"model": "m", "input": [{"type": "not_an_item"}], "route": "fallback"}

    problems = request_problems(body)

    assert any("'route' is not a request field" in problem for problem in problems)
    assert any("not_an_item" in problem for problem in problems)


def test_each_deviation_names_its_evidence() -> None:
    for deviation in DEVIATIONS:
        assert deviation.evidence
        assert deviation.why


def test_the_emulator_page_lists_every_deviation() -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "emulator.md").read_text(encoding="utf-8")
    listed = page.split("<!-- deviations:begin -->")[1].split("<!-- deviations:end -->")[0]
    assert listed.strip().splitlines()[2:] == deviations_table().splitlines()


class _Complains:
    """A conformance check that finds one problem in everything, to test the emulator's side."""

    def __init__(self) -> None:
        self.prepared = 0

    def prepare(self) -> None:
        self.prepared += 1

    def request_problems(self, body: dict[str, Any]) -> list[str]:
        return [f"request for {body.get('model')}"]

    def response_problems(self, status: int, content_type: str, body: bytes) -> list[str]:
        return [f"{status} {content_type}"]


def test_an_installed_check_turns_each_problem_into_a_fault_and_leaves_the_answer() -> None:
    previous, complains = installed_check(), _Complains()
    install_conformance_check(complains)
    try:
        with Emulator(api_key=API_KEY) as emu:
            assert complains.prepared == 1
            emu.queue(Reply([text_item("Paris.")]), FixtureReply("json-text-claude-sonnet-4"))
            answer = Client(emu).ask("Hi")
            assert answer.status == 200
            assert answer.json()["output"][0]["content"][0]["text"] == "Paris."
            Client(emu).ask("Hi")  # a recording is not the emulator's own shape: not checked
            faults = [fault.traceback for fault in emu.faults]
            with pytest.raises(EmulatorCheckError, match="does not conform"):
                emu.verify()
    finally:
        install_conformance_check(previous)
    assert faults == [
        "the request body does not conform to the schema:\n  request for openai/gpt-4o-mini",
        "the 200 response does not conform to the schema:\n  200 application/json",
        "the request body does not conform to the schema:\n  request for openai/gpt-4o-mini",
    ]


def test_the_get_endpoints_validate(client: Client) -> None:
    from openrouter import components  # noqa: PLC0415
    from openrouter.operations import getcurrentkey  # noqa: PLC0415

    answer_id = client.ask("Hi").json()["id"]
    bodies = {
        "/api/v1/models": components.ModelsListResponse,
        f"/api/v1/generation?id={answer_id}": components.GenerationResponse,
        "/api/v1/key": getcurrentkey.GetCurrentKeyResponse,
    }
    for path, model in bodies.items():
        answer = client.post(b"", method="GET", path=path)
        assert answer.status == 200, path
        assert validate(model, answer.json()) == [], path
