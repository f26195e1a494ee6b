"""Every LangChain entry point against the emulator: what is sent and what comes back."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from integration_tests.helpers import aggregate
from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses.emulator import (
    FIXTURES_DIR,
    Emulator,
    FixtureReply,
    Reply,
    reasoning_item,
    text_item,
)

ANSWER = "The capital of France is Paris."


REASONING_OUTPUT = [
    reasoning_item(text="The user asks for a capital.", signature="EqQBsig==", format="anthropic-claude-v1"),
    text_item(ANSWER),
]


def reasoning_reply(**options: Any) -> Reply:
    return Reply(REASONING_OUTPUT, **options)


def test_invoke_sends_a_stateless_request_and_reads_the_reply(emulator: Emulator, make_llm: Any) -> None:
    emulator.queue(Reply([text_item(ANSWER)]))
    llm = make_llm(model="anthropic/claude-sonnet-4", temperature=0.2, max_tokens=50, stop=["END"])
    reply = llm.invoke([SystemMessage("Be terse."), HumanMessage("Capital of France?")])
    assert isinstance(reply, AIMessage)
    assert reply.text == ANSWER
    assert reply.response_metadata["model_name"] == "anthropic/claude-sonnet-4"
    assert reply.response_metadata["finish_reason"] == "stop"
    assert reply.usage_metadata is not None
    assert reply.usage_metadata["total_tokens"] > 0
    (request,) = emulator.requests
    assert request.path == "/api/v1/responses"
    assert request.headers["authorization"] == f"Bearer {emulator.api_key}"
    assert request.json == {
        "model": "anthropic/claude-sonnet-4",
        "temperature": 0.2,
        "max_output_tokens": 50,
        "stop": ["END"],
        "input": [
            {"type": "message", "role": "system", "content": "Be terse."},
            {"type": "message", "role": "user", "content": "Capital of France?"},
        ],
    }


def test_stream_uses_sse_and_aggregates_to_the_invoke_result(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.queue(reasoning_reply(), reasoning_reply())
    invoked = llm.invoke("Capital of France?")
    chunks = list(llm.stream("Capital of France?"))
    assert emulator.requests[0].json.get("stream") is None
    assert emulator.requests[1].json["stream"] is True
    assert len([c for c in chunks if c.text]) > 3, "the answer should arrive in several deltas"
    streamed = aggregate(chunks)
    assert streamed.text == invoked.text == ANSWER
    assert streamed.content_blocks == invoked.content_blocks
    assert streamed.usage_metadata == invoked.usage_metadata
    assert streamed.response_metadata["model_name"] == invoked.response_metadata["model_name"]
    assert chunks[-1].chunk_position == "last"


async def test_ainvoke_and_astream(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.queue(reasoning_reply(), reasoning_reply())
    invoked = await llm.ainvoke("Capital of France?")
    chunks = [chunk async for chunk in llm.astream("Capital of France?")]
    streamed = aggregate(chunks)
    assert streamed.text == invoked.text == ANSWER
    assert streamed.content_blocks == invoked.content_blocks
    assert streamed.usage_metadata == invoked.usage_metadata


def test_batch_and_abatch(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    replies = llm.batch(["one", "two", "three"])
    assert [r.text for r in replies] == ['Hello! You said: "one"', 'Hello! You said: "two"', 'Hello! You said: "three"']


async def test_abatch(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    replies = await llm.abatch(["one", "two"])
    assert [r.text for r in replies] == ['Hello! You said: "one"', 'Hello! You said: "two"']
    assert len(emulator.requests) == 2


async def test_astream_events_reports_the_stream(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.queue(Reply([text_item(ANSWER)]))
    kinds = [event["event"] async for event in llm.astream_events("Capital?", version="v2")]
    assert kinds[0] == "on_chat_model_start"
    assert kinds.count("on_chat_model_stream") > 3
    assert kinds[-1] == "on_chat_model_end"


def test_streaming_flag_makes_invoke_stream(emulator: Emulator, make_llm: Any) -> None:
    emulator.queue(Reply([text_item(ANSWER)]))
    reply = make_llm(streaming=True).invoke("Capital?")
    assert reply.text == ANSWER
    assert emulator.requests[0].json["stream"] is True


def test_per_call_overrides_reach_the_body_and_tracing(emulator: Emulator, make_llm: Any) -> None:
    class Recorder(BaseCallbackHandler):
        metadata: dict[str, Any] = {}

        def on_chat_model_start(self, serialized: Any, messages: Any, **kwargs: Any) -> None:
            Recorder.metadata = dict(kwargs.get("metadata") or {})

    llm = make_llm(model="openai/gpt-4o-mini", temperature=1.0)
    reply = llm.invoke("hi", model="anthropic/claude-sonnet-4", temperature=0, config={"callbacks": [Recorder()]})
    body = emulator.requests[0].json
    assert (body["model"], body["temperature"]) == ("anthropic/claude-sonnet-4", 0)
    assert reply.response_metadata["model_name"] == "anthropic/claude-sonnet-4"
    assert Recorder.metadata["ls_model_name"] == "anthropic/claude-sonnet-4"
    assert Recorder.metadata["ls_provider"] == "openrouter"


def test_fallback_reports_the_model_that_served(emulator: Emulator, make_llm: Any) -> None:
    emulator.unavailable_models.add("openai/gpt-oss-20b")
    llm = make_llm(models=["openai/gpt-oss-20b", "openai/gpt-4o"])
    reply = llm.invoke("hi")
    assert emulator.requests[0].json["model"] == "openai/gpt-oss-20b"
    assert emulator.requests[0].json["models"] == ["openai/gpt-oss-20b", "openai/gpt-4o"]
    assert reply.response_metadata["model_name"] == "openai/gpt-4o"
    streamed = aggregate(list(llm.stream("hi")))
    assert streamed.response_metadata["model_name"] == "openai/gpt-4o"


def test_reasoning_settings_ask_for_encrypted_content(emulator: Emulator, make_llm: Any) -> None:
    llm = make_llm(model="openai/o4-mini", reasoning={"effort": "high", "summary": "auto"})
    reply = llm.invoke("Why is the sky blue?")
    body = emulator.requests[0].json
    assert body["reasoning"] == {"effort": "high", "summary": "auto"}
    assert body["include"] == ["reasoning.encrypted_content"]
    reasoning = reply.content_blocks[0]
    assert reasoning["type"] == "reasoning"
    assert reasoning["extras"]["item"]["encrypted_content"]
    assert reasoning.get("reasoning"), "the summary should be readable"
    assert reasoning["reasoning"] not in reply.text


def test_reasoning_disabled_sends_no_include(emulator: Emulator, make_llm: Any) -> None:
    make_llm(reasoning={"effort": "none"}).invoke("hi")
    assert "include" not in emulator.requests[0].json


@pytest.mark.parametrize("use_stream", [False, True])
def test_second_turn_replays_the_first_turns_reasoning_unchanged(
    emulator: Emulator, llm: ChatOpenRouterResponses, use_stream: bool
) -> None:
    first_output = [
        reasoning_item(text="The user asks for a capital.", signature="EqQBsig==", format="anthropic-claude-v1"),
        text_item(ANSWER),
    ]
    emulator.queue(Reply(first_output), Reply([text_item("Madrid.")]))
    history: list[Any] = [HumanMessage("Capital of France?")]
    first = aggregate(list(llm.stream(history))) if use_stream else llm.invoke(history)
    history += [first, HumanMessage("And Spain?")]
    assert llm.invoke(history).text == "Madrid."
    sent = emulator.requests[1].json["input"]
    assert sent[0] == {"type": "message", "role": "user", "content": "Capital of France?"}
    assert [json.dumps(item) for item in sent[1:3]] == [json.dumps(item) for item in first_output]
    assert sent[1]["signature"] == "EqQBsig=="
    assert sent[3] == {"type": "message", "role": "user", "content": "And Spain?"}


def test_recorded_claude_thinking_stream_replays_its_completed_items(
    emulator: Emulator, llm: ChatOpenRouterResponses
) -> None:
    name = "stream-reasoning-text-signature-claude-3.7-thinking"
    emulator.queue(FixtureReply(name), Reply([text_item("Madrid.")]))
    first = aggregate(list(llm.stream("Capital of France?")))
    llm.invoke([HumanMessage("Capital of France?"), first, HumanMessage("And Spain?")])
    completed = _completed_output(FIXTURES_DIR / f"{name}.sse")
    sent = emulator.requests[1].json["input"][1:3]
    assert [json.dumps(item) for item in sent] == [json.dumps(item) for item in completed]
    assert sent[0]["id"] == "rs_tmp_nko7ahyvgxc"
    assert sent[0]["signature"].startswith("ErkB")


def _completed_output(path: Any) -> list[dict[str, Any]]:
    for line in path.read_bytes().split(b"\n"):
        if line.startswith(b'data: {"type":"response.completed"'):
            output: list[dict[str, Any]] = json.loads(line[6:])["response"]["output"]
            return output
    raise AssertionError(f"no response.completed in {path}")


def test_output_version_v1(emulator: Emulator, make_llm: Any) -> None:
    emulator.queue(reasoning_reply(), reasoning_reply())
    llm = make_llm(output_version="v1")
    reply = llm.invoke("hi")
    assert [block["type"] for block in reply.content] == ["reasoning", "text"]  # type: ignore[index]
    assert reply.text == ANSWER
    streamed = aggregate(list(llm.stream("hi")))
    assert streamed.text == ANSWER
    assert [block["type"] for block in streamed.content_blocks] == ["reasoning", "text"]


def test_plain_user_written_ai_message_is_accepted(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    llm.invoke([HumanMessage("hi"), AIMessage("Hello!"), HumanMessage("bye")])
    assert emulator.requests[0].json["input"][1] == {"type": "message", "role": "assistant", "content": "Hello!"}


def test_incomplete_reply_finishes_with_length(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    emulator.queue(Reply([text_item("Partial")], status="incomplete", incomplete_reason="max_output_tokens"))
    emulator.queue(Reply([text_item("Partial")], status="incomplete", incomplete_reason="max_output_tokens"))
    assert llm.invoke("hi").response_metadata["finish_reason"] == "length"
    assert aggregate(list(llm.stream("hi"))).response_metadata["finish_reason"] == "length"
