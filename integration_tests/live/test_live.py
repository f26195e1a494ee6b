"""The important scenarios against a real server: `OPENROUTER_API_KEY=... pytest -m live`.

They call whatever `OPENROUTER_BASE_URL` points at (OpenRouter by default; scripts/test.sh points
them at the emulator, which is as strict about model ids, capabilities and `max_output_tokens`).
Small models and `max_output_tokens` caps keep a full run to a fraction of a cent; the session's
total cost is printed at the end. Every model id here exists in the bundled profiles.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from langchain.agents import create_agent
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, ToolMessage
from langchain_core.tools import tool
from pydantic import BaseModel

from integration_tests.live.support import SentRequests
from langchain_openrouter_responses import (
    ChatOpenRouterResponses,
    OpenRouterAuthenticationError,
    OpenRouterBadRequestError,
)

pytestmark = pytest.mark.live

TEXT_MODEL = "openai/gpt-4o-mini"
OPENAI_REASONING = "openai/gpt-5-mini"  # reasoning arrives encrypted only
ANTHROPIC_REASONING = "anthropic/claude-sonnet-4"  # readable reasoning_text plus a signature
OPEN_REASONING = "minimax/minimax-m2"  # raw reasoning_text, no signature
TOOLLESS_MODEL = "meta-llama/llama-3.2-1b-instruct"  # no endpoint supports tool use
CAP = 300  # max_output_tokens for plain answers
REASONING_CAP = 2048  # room for the thinking too (Anthropic's thinking budget starts at 1,024)

MakeModel = Callable[..., ChatOpenRouterResponses]


@tool
def get_weather(location: str) -> str:
    """Get the current weather for a location."""
    return f"It's sunny in {location}."


class Weather(BaseModel):
    """A weather report."""

    location: str
    summary: str


def reasoning_blocks(message: BaseMessage) -> list[dict[str, Any]]:
    return [dict(block) for block in message.content_blocks if block["type"] == "reasoning"]


def raw_items(message: BaseMessage) -> list[dict[str, Any]]:
    """The raw reasoning items the message's blocks carry (what the next turn must resend)."""
    return [block["extras"]["item"] for block in reasoning_blocks(message)]


def check_answer(message: BaseMessage, model: str) -> None:
    """A finished answer: text, the model that served it, token usage and OpenRouter's cost."""
    assert isinstance(message, AIMessage)
    assert message.text.strip(), "the answer has text"
    metadata = message.response_metadata
    assert metadata["model_name"].startswith(model), metadata["model_name"]
    assert metadata["status"] == "completed"
    assert metadata["finish_reason"] == "stop"
    usage = message.usage_metadata
    assert usage is not None
    assert usage["input_tokens"] > 0
    assert usage["output_tokens"] > 0
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    assert isinstance(metadata["cost"], float | int)
    assert metadata["cost"] >= 0


def test_invoke_plain_text(live_model: MakeModel) -> None:
    reply = live_model(TEXT_MODEL, max_output_tokens=CAP).invoke("Say hello in five words or fewer.")

    check_answer(reply, TEXT_MODEL)
    assert reasoning_blocks(reply) == []
    assert reply.id


def test_stream_sends_deltas_then_usage_on_the_last_chunk(live_model: MakeModel) -> None:
    chunks = list(live_model(TEXT_MODEL, max_output_tokens=CAP).stream("Write a haiku about routers."))

    assert all(isinstance(chunk, AIMessageChunk) for chunk in chunks)
    texts = [chunk.text for chunk in chunks if chunk.text]
    assert len(texts) > 1, "the answer arrives as several deltas"
    assert [chunk.chunk_position for chunk in chunks].count("last") == 1
    assert chunks[-1].chunk_position == "last"
    assert [chunk.usage_metadata is not None for chunk in chunks] == [False] * (len(chunks) - 1) + [True]
    full = chunks[0]
    for chunk in chunks[1:]:
        full += chunk
    check_answer(full, TEXT_MODEL)
    assert full.text == "".join(texts)


async def test_astream_and_ainvoke_agree_on_the_model(live_model: MakeModel) -> None:
    llm = live_model(TEXT_MODEL, max_output_tokens=CAP)
    invoked = await llm.ainvoke("Name one primary colour, one word only.")
    full: Any = None
    async for chunk in llm.astream("Name one primary colour, one word only."):
        full = chunk if full is None else full + chunk

    check_answer(invoked, TEXT_MODEL)
    check_answer(full, TEXT_MODEL)


def test_max_output_tokens_cuts_the_answer_with_finish_reason_length(live_model: MakeModel) -> None:
    reply = live_model(TEXT_MODEL, max_output_tokens=16).invoke(
        "Share a 2 sentence horror story of at least forty words."
    )

    assert reply.response_metadata["status"] == "incomplete"
    assert reply.response_metadata["finish_reason"] == "length"
    assert reply.usage_metadata is not None
    assert 0 < reply.usage_metadata["output_tokens"] <= 16


def test_openai_reasoning_is_encrypted_and_kept_raw(live_model: MakeModel) -> None:
    llm = live_model(OPENAI_REASONING, reasoning={"effort": "low"}, max_output_tokens=REASONING_CAP)

    reply = llm.invoke("Is 221 a prime number? Answer in one short sentence.")

    check_answer(reply, OPENAI_REASONING)
    (block,) = reasoning_blocks(reply)
    item = block["extras"]["item"]
    assert item["type"] == "reasoning"
    assert item["format"] == "openai-responses-v1"
    assert isinstance(item["encrypted_content"], str)
    assert len(item["encrypted_content"]) > 20
    assert not item.get("content"), "OpenAI models send no readable reasoning text"


def test_anthropic_reasoning_text_with_signature(live_model: MakeModel) -> None:
    llm = live_model(ANTHROPIC_REASONING, reasoning={"effort": "low"}, max_output_tokens=REASONING_CAP)

    reply = llm.invoke("Is 221 a prime number? Answer in one short sentence.")

    check_answer(reply, ANTHROPIC_REASONING)
    blocks = reasoning_blocks(reply)
    assert blocks, "Claude with reasoning on thinks visibly"
    assert all(block["reasoning"].strip() for block in blocks)
    item = blocks[0]["extras"]["item"]
    assert item["format"] == "anthropic-claude-v1"
    assert isinstance(item["signature"], str)
    assert item["signature"]
    assert blocks[0]["reasoning"] not in reply.text


def test_open_model_reasoning_text(live_model: MakeModel) -> None:
    llm = live_model(OPEN_REASONING, reasoning={"effort": "low"}, max_output_tokens=REASONING_CAP)

    reply = llm.invoke("What is 17 + 25? Answer with the number only.")

    check_answer(reply, OPEN_REASONING)
    blocks = reasoning_blocks(reply)
    assert blocks, "minimax-m2 sends its raw reasoning"
    assert blocks[0]["reasoning"].strip()
    item = blocks[0]["extras"]["item"]
    assert [part["type"] for part in item["content"]] == ["reasoning_text"]
    assert item["content"][0]["text"] == blocks[0]["reasoning"]
    assert usage_reasoning_tokens(reply) > 0


def usage_reasoning_tokens(message: AIMessage) -> int:
    details = (message.usage_metadata or {}).get("output_token_details") or {}
    return int(details.get("reasoning", 0))


@pytest.mark.parametrize("model", [OPENAI_REASONING, ANTHROPIC_REASONING])
def test_second_turn_resends_the_first_turns_reasoning(
    live_model: MakeModel, sent_requests: tuple[SentRequests, httpx.Client], model: str
) -> None:
    """The provider checks the resent item (encrypted content, signature): a changed one is refused."""
    sent, client = sent_requests
    llm = live_model(model, reasoning={"effort": "low"}, max_output_tokens=REASONING_CAP, http_client=client)
    history: list[BaseMessage] = [HumanMessage("Is 221 a prime number? Answer in one short sentence.")]

    first = llm.invoke(history)
    history += [first, HumanMessage("And 223? One short sentence.")]
    second = llm.invoke(history)

    items = raw_items(first)
    assert items, "the first answer carries its raw reasoning item"
    assert all(item["type"] == "reasoning" for item in items)
    assert all(item.get("encrypted_content") or item.get("signature") for item in items)
    check_answer(second, model)
    assert len(sent.bodies) == 2
    resent = [item for item in sent.bodies[1]["input"] if item.get("type") == "reasoning"]
    assert [json.dumps(item, sort_keys=True) for item in resent] == [
        json.dumps(item, sort_keys=True) for item in items
    ], "the second request resends the reasoning exactly as received"


def test_agent_tool_loop(live_model: MakeModel) -> None:
    agent = create_agent(live_model(TEXT_MODEL, max_output_tokens=CAP), tools=[get_weather])

    result = agent.invoke({"messages": [HumanMessage("What is the weather in Paris? Use the get_weather tool.")]})

    messages = result["messages"]
    assert [type(message).__name__ for message in messages] == ["HumanMessage", "AIMessage", "ToolMessage", "AIMessage"]
    (call,) = messages[1].tool_calls
    assert call["name"] == "get_weather"
    assert "Paris" in call["args"]["location"]
    assert isinstance(messages[2], ToolMessage)
    assert messages[2].tool_call_id == call["id"]
    assert "sunny" in messages[3].text.lower()
    assert messages[3].tool_calls == []


def test_structured_output_is_a_pydantic_instance(live_model: MakeModel) -> None:
    llm = live_model(TEXT_MODEL, max_output_tokens=CAP)

    report = llm.with_structured_output(Weather).invoke("Extract the report: in Paris it is sunny and 21 degrees.")

    assert isinstance(report, Weather)
    assert "Paris" in report.location
    assert report.summary


def test_fallback_model_serves_and_is_reported(live_model: MakeModel) -> None:
    """The primary has no endpoint for tool use, so OpenRouter moves on to the fallback model."""
    llm = live_model(TOOLLESS_MODEL, models=[TEXT_MODEL], max_output_tokens=CAP)

    reply = llm.bind_tools([get_weather]).invoke("Say hello in five words or fewer.")

    served = reply.response_metadata["model_name"]
    assert served.startswith(TEXT_MODEL), f"served by {served}, not the fallback"
    assert reply.text.strip()


def test_unknown_model_is_a_bad_request(live_model: MakeModel) -> None:
    llm = live_model("openrouter-live-test/no-such-model", max_output_tokens=CAP, max_retries=0)

    with pytest.raises(OpenRouterBadRequestError) as caught:
        llm.invoke("Hello")

    assert caught.value.status_code == 400
    assert "no-such-model" in str(caught.value)


def test_wrong_key_is_an_authentication_error(live_model: MakeModel) -> None:
    llm = live_model(TEXT_MODEL, api_key="sk-or-v1-not-a-real-key", max_output_tokens=CAP, max_retries=0)

    with pytest.raises(OpenRouterAuthenticationError) as caught:
        llm.invoke("Hello")

    assert caught.value.status_code == 401
