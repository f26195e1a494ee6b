"""Agents and chains: create_agent, create_react_agent and LCEL, against the emulator."""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage, ToolMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnableLambda
from langchain_core.tools import tool
from pydantic import BaseModel

from integration_tests.helpers import refusal_item
from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses.emulator import Emulator, ErrorReply, Reply, text_item

QUESTION = "What is the weather in San Francisco, CA?"


@tool
def get_weather(location: str) -> str:
    """Get the current weather for a location."""
    return f"It's sunny in {location}."


class Weather(BaseModel):
    """A weather report."""

    location: str
    summary: str


@pytest.fixture
def reasoning_llm(make_llm: Any) -> ChatOpenRouterResponses:
    return make_llm(model="anthropic/claude-sonnet-4", reasoning={"effort": "low"})  # type: ignore[no-any-return]


def test_create_agent_loop_replays_reasoning_call_and_result(
    emulator: Emulator, reasoning_llm: ChatOpenRouterResponses
) -> None:
    agent = create_agent(reasoning_llm, tools=[get_weather])
    result = agent.invoke({"messages": [HumanMessage(QUESTION)]})
    messages = result["messages"]
    assert [type(m).__name__ for m in messages] == ["HumanMessage", "AIMessage", "ToolMessage", "AIMessage"]
    assert messages[1].tool_calls[0]["args"] == {"location": "San Francisco, CA"}
    assert "sunny" in messages[-1].text
    assert len(emulator.requests) == 2
    second = emulator.requests[1].json["input"]
    first_items = [block["extras"]["item"] for block in messages[1].content_blocks if "extras" in block]
    assert [item.get("type") for item in second] == ["message", "reasoning", "function_call", "function_call_output"]
    assert [json.dumps(item) for item in second[1:3]] == [json.dumps(item) for item in first_items]
    assert second[1]["signature"]
    assert second[3] == {
        "type": "function_call_output",
        "call_id": second[2]["call_id"],
        "output": "It's sunny in San Francisco, CA.",
    }


async def test_create_agent_async_and_streaming_messages(
    emulator: Emulator, reasoning_llm: ChatOpenRouterResponses
) -> None:
    agent = create_agent(reasoning_llm, tools=[get_weather])
    tokens: list[AIMessageChunk] = []
    async for message, _metadata in agent.astream({"messages": [HumanMessage(QUESTION)]}, stream_mode="messages"):
        if isinstance(message, AIMessageChunk):
            tokens.append(message)
    assert any(chunk.tool_call_chunks for chunk in tokens), "tool-call chunks stream through LangGraph"
    assert "sunny" in "".join(chunk.text for chunk in tokens)
    assert all(request.json.get("stream") is True for request in emulator.requests)
    second = emulator.requests[1].json["input"]
    assert [item.get("type") for item in second] == ["message", "reasoning", "function_call", "function_call_output"]
    assert json.loads(second[2]["arguments"]) == {"location": "San Francisco, CA"}


def test_create_agent_with_response_format(emulator: Emulator, make_llm: Any) -> None:
    agent = create_agent(make_llm(model="openai/gpt-4o-mini"), tools=[get_weather], response_format=Weather)
    result = agent.invoke({"messages": [HumanMessage(QUESTION)]})
    report = result["structured_response"]
    assert isinstance(report, Weather)
    assert report.location == "San Francisco, CA"
    formats = [request.json.get("text", {}).get("format", {}) for request in emulator.requests]
    assert any(fmt.get("type") == "json_schema" and fmt.get("name") == "Weather" for fmt in formats)


def test_create_react_agent(emulator: Emulator, reasoning_llm: ChatOpenRouterResponses) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from langgraph.prebuilt import create_react_agent  # noqa: PLC0415

        agent = create_react_agent(reasoning_llm.bind_tools([get_weather]), tools=[get_weather])
    result = agent.invoke({"messages": [HumanMessage(QUESTION)]})
    assert isinstance(result["messages"][-1], AIMessage)
    assert "sunny" in result["messages"][-1].text
    assert isinstance(result["messages"][-2], ToolMessage)


def test_lcel_chain_batch_and_config(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    prompt = ChatPromptTemplate.from_messages([("system", "Answer briefly."), ("human", "{question}")])
    chain = prompt | llm.with_config(run_name="router") | StrOutputParser()
    answers = chain.batch([{"question": f"q{n}"} for n in range(5)], config={"max_concurrency": 2})
    assert answers == [f'Hello! You said: "q{n}"' for n in range(5)]
    assert all(request.json["input"][0]["role"] == "system" for request in emulator.requests)


def test_with_retry_and_with_fallbacks(emulator: Emulator, make_llm: Any) -> None:
    emulator.queue(ErrorReply(500, {"error": {"code": 500, "message": "Internal Server Error"}}))
    retried = make_llm().with_retry(stop_after_attempt=2, wait_exponential_jitter=False)
    assert retried.invoke("hi").text == 'Hello! You said: "hi"'
    emulator.queue(ErrorReply(400, {"error": {"code": 400, "message": "bad"}}), Reply([text_item("from fallback")]))
    guarded = make_llm().with_fallbacks([make_llm(model="openai/gpt-4o")])
    assert guarded.invoke("hi").text == "from fallback"
    assert emulator.requests[-1].json["model"] == "openai/gpt-4o"


def test_structured_output_methods_and_errors(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    for method in ("json_schema", "function_calling"):
        report = llm.with_structured_output(Weather, method=method).invoke(QUESTION)
        assert report == Weather(location="San Francisco, CA", summary=report.summary)  # type: ignore[union-attr]
    json_mode = llm.with_structured_output(method="json_mode").invoke("Reply with 'city' and 'country' keys.")
    assert set(json_mode) == {"city", "country"}  # type: ignore[arg-type]
    emulator.queue(Reply([text_item("not json at all")]))
    raw = llm.with_structured_output(Weather, include_raw=True).invoke(QUESTION)
    assert raw["parsed"] is None  # type: ignore[index]
    assert raw["parsing_error"] is not None  # type: ignore[index]
    assert raw["raw"].text == "not json at all"  # type: ignore[index]


def test_structured_output_refusal_raises_model_refusal_error(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    from langchain_core.exceptions import ModelRefusalError  # noqa: PLC0415

    emulator.queue(Reply([refusal_item("I can't help with that.")]))
    with pytest.raises(ModelRefusalError, match="I can't help with that"):
        llm.with_structured_output(Weather).invoke(QUESTION)


def test_streaming_structured_output(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    chunks = list(llm.with_structured_output(Weather).stream(QUESTION))
    assert chunks
    assert isinstance(chunks[-1], Weather)


def test_tool_results_with_images_reach_the_model(emulator: Emulator, make_llm: Any) -> None:
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    bound = make_llm(model="openai/gpt-4o-mini").bind_tools([get_weather])
    first = bound.invoke(QUESTION)
    call = first.tool_calls[0]
    result = ToolMessage(
        [{"type": "text", "text": "radar:"}, {"type": "image", "base64": png, "mime_type": "image/png"}],
        tool_call_id=call["id"],
    )
    reply = bound.invoke([HumanMessage(QUESTION), first, result])
    sent = emulator.requests[1].json["input"][-1]
    assert sent["output"][1] == {"type": "input_image", "image_url": f"data:image/png;base64,{png}", "detail": "auto"}
    assert reply.text
    assert RunnableLambda(lambda m: m.text).invoke(reply)


def test_malformed_structured_output_raises_output_parser_exception(
    emulator: Emulator, llm: ChatOpenRouterResponses
) -> None:
    from langchain_core.exceptions import OutputParserException  # noqa: PLC0415

    emulator.queue(Reply([text_item('{"location": "Paris", ')]))
    with pytest.raises(OutputParserException):
        llm.with_structured_output(Weather).invoke(QUESTION)


def test_strict_json_schema_is_sent(emulator: Emulator, llm: ChatOpenRouterResponses) -> None:
    llm.with_structured_output(Weather, strict=True).invoke(QUESTION)
    fmt = emulator.requests[0].json["text"]["format"]
    assert (fmt["type"], fmt["name"], fmt["strict"]) == ("json_schema", "Weather", True)
    assert fmt["schema"]["additionalProperties"] is False
    assert fmt["schema"]["required"] == ["location", "summary"]
