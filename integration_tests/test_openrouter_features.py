"""OpenRouter's own features as typed settings: routing, plugins, citations, attribution, extras."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import HumanMessage
from pydantic import ValidationError

from integration_tests.helpers import aggregate
from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses.emulator import Emulator, Reply, text_item
from langchain_openrouter_responses.routing import ProviderPreferences, UnknownOptionWarning

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
PDF = "JVBERi0xLjQKJcOkw7zDtsOfCg=="


def test_provider_routing_and_request_extras_are_sent_exactly(emulator: Emulator, make_llm: Any) -> None:
    llm = make_llm(
        model="anthropic/claude-sonnet-4",
        models=["openai/gpt-4o"],
        provider=ProviderPreferences(
            order=["anthropic", "amazon-bedrock"],
            allow_fallbacks=False,
            data_collection="deny",
            sort={"by": "throughput", "partition": "none"},
            max_price={"prompt": 1, "completion": "2"},
            quantizations=["fp8"],
        ),
        plugins=[{"id": "response-healing"}, {"id": "file-parser", "pdf": {"engine": "native"}}],
        session_id="conv-42",
        trace={"trace_id": "tr-1", "trace_name": "weather-agent"},
        request_metadata={"app_run": "abc"},
        user="user-123",
        top_k=40,
        prompt_cache_key="key-1",
        service_tier="flex",
        max_tool_calls=5,
        verbosity="low",
    )
    llm.invoke("hi")
    body = emulator.requests[0].json
    assert body == {
        "model": "anthropic/claude-sonnet-4",
        "models": ["openai/gpt-4o"],
        "provider": {
            "order": ["anthropic", "amazon-bedrock"],
            "allow_fallbacks": False,
            "data_collection": "deny",
            "quantizations": ["fp8"],
            "sort": {"by": "throughput", "partition": "none"},
            "max_price": {"prompt": 1, "completion": "2"},
        },
        "plugins": [{"id": "response-healing"}, {"id": "file-parser", "pdf": {"engine": "native"}}],
        "session_id": "conv-42",
        "trace": {"trace_id": "tr-1", "trace_name": "weather-agent"},
        "metadata": {"app_run": "abc"},
        "user": "user-123",
        "top_k": 40,
        "prompt_cache_key": "key-1",
        "service_tier": "flex",
        "max_tool_calls": 5,
        "text": {"verbosity": "low"},
        "input": [{"type": "message", "role": "user", "content": "hi"}],
    }


def test_provider_as_dict_and_per_call(emulator: Emulator, make_llm: Any) -> None:
    llm = make_llm(provider={"only": ["openai"]})
    llm.invoke("hi", provider={"zdr": True}, verbosity="high")
    body = emulator.requests[0].json
    assert body["provider"] == {"zdr": True}
    assert body["text"] == {"verbosity": "high"}


@pytest.mark.parametrize(
    ("provider", "fragment"),
    [
        ({"data_collection": "sometimes"}, "data_collection"),
        ({"sort": "cheapest"}, "sort"),
        ({"quantizations": ["fp7"]}, "quantizations"),
    ],
)
def test_invalid_provider_preferences_fail_at_construction(provider: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        ChatOpenRouterResponses(provider=provider)


def test_an_unknown_provider_key_is_sent_with_one_warning_naming_the_closest(emulator: Emulator, make_llm: Any) -> None:
    with pytest.warns(UnknownOptionWarning, match=r"'ordr' \(did you mean 'order'\?\)") as caught:
        llm = make_llm(provider={"ordr": ["openai"], "only": ["openai"]})
    assert len(caught) == 1
    llm.invoke("hi")
    assert emulator.requests[0].json["provider"] == {"only": ["openai"], "ordr": ["openai"]}


def test_plugins_need_an_id() -> None:
    with pytest.raises(ValidationError, match="id"):
        ChatOpenRouterResponses(plugins=[{"max_results": 3}])


def test_online_suffix_passes_through(emulator: Emulator, make_llm: Any) -> None:
    reply = make_llm(model="openai/gpt-4o:online").invoke("news?")
    assert emulator.requests[0].json["model"] == "openai/gpt-4o:online"
    assert reply.response_metadata["model_name"] == "openai/gpt-4o:online"


CITED = text_item(
    "OpenRouter routes requests [1].",
    annotations=[
        {
            "type": "url_citation",
            "url": "https://openrouter.ai/docs",
            "title": "OpenRouter docs",
            "start_index": 27,
            "end_index": 30,
            "content": "OpenRouter routes requests to providers.",
        }
    ],
)
CITATION = {
    "type": "citation",
    "url": "https://openrouter.ai/docs",
    "title": "OpenRouter docs",
    "start_index": 27,
    "end_index": 30,
    "cited_text": "OpenRouter routes requests to providers.",
}


def test_web_search_citations_in_invoke_and_stream(emulator: Emulator, make_llm: Any) -> None:
    emulator.queue(Reply([CITED]), Reply([CITED]))
    llm = make_llm(model="openai/gpt-4o:online", plugins=[{"id": "web", "max_results": 3}])
    invoked = llm.invoke("How does OpenRouter route?")
    streamed = aggregate(list(llm.stream("How does OpenRouter route?")))
    for message in (invoked, streamed):
        (text_block,) = message.content_blocks
        assert text_block["annotations"] == [CITATION]
    assert emulator.requests[0].json["plugins"] == [{"id": "web", "max_results": 3}]


def test_attribution_headers_and_user_headers_win(emulator: Emulator, make_llm: Any) -> None:
    llm = make_llm(
        app_url="https://example.app",
        app_title="Example App",
        app_categories=["cli-agent", "cloud-agent"],
        default_headers={"x-title": "Custom Legacy Title", "X-Extra": "1"},
    )
    llm.invoke("hi")
    headers = emulator.requests[0].headers
    assert headers["http-referer"] == "https://example.app"
    assert headers["x-openrouter-title"] == "Example App"
    assert headers["x-title"] == "Custom Legacy Title"
    assert headers["x-openrouter-categories"] == "cli-agent,cloud-agent"
    assert headers["x-extra"] == "1"
    assert "x-openrouter-metadata" not in headers


def test_attribution_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENROUTER_APP_URL", "https://env.app")
    monkeypatch.setenv("OPENROUTER_APP_TITLE", "Env App")
    monkeypatch.setenv("OPENROUTER_APP_CATEGORIES", "cli-agent, ide")
    llm = ChatOpenRouterResponses(api_key="k")
    assert (llm.app_url, llm.app_title, llm.app_categories) == ("https://env.app", "Env App", ["cli-agent", "ide"])


@pytest.mark.parametrize("use_stream", [False, True])
def test_routing_metadata_and_generation_id(emulator: Emulator, make_llm: Any, use_stream: bool) -> None:
    emulator.unavailable_models.add("anthropic/claude-sonnet-4")
    emulator.queue(Reply([text_item("served")], headers={"X-Generation-Id": "gen-123-abc"}))
    llm = make_llm(model="anthropic/claude-sonnet-4", models=["openai/gpt-4o"], routing_metadata=True)
    message = aggregate(list(llm.stream("hi"))) if use_stream else llm.invoke("hi")
    assert emulator.requests[0].headers["x-openrouter-metadata"] == "enabled"
    metadata = message.response_metadata
    assert metadata["model_name"] == "openai/gpt-4o"
    assert metadata["generation_id"] == "gen-123-abc"
    routing = metadata["openrouter_metadata"]
    assert routing["attempt"] == 2
    assert [(a["model"], a["status"]) for a in routing["attempts"]] == [
        ("anthropic/claude-sonnet-4", 503),
        ("openai/gpt-4o", 200),
    ]


def test_multimodal_message_is_sent_as_input_parts(emulator: Emulator, make_llm: Any) -> None:
    llm = make_llm(model="google/gemini-2.5-flash")  # its profile takes images, PDFs and audio
    message = HumanMessage(
        [
            {"type": "text", "text": "Describe these."},
            {"type": "image", "base64": PNG, "mime_type": "image/png"},
            {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
            {"type": "file", "base64": PDF, "mime_type": "application/pdf", "filename": "report.pdf"},
            {"type": "audio", "base64": "UklGRg==", "mime_type": "audio/wav"},
        ]
    )
    reply = llm.invoke([message])
    assert emulator.requests[0].json["input"] == [
        {
            "type": "message",
            "role": "user",
            "content": [
                {"type": "input_text", "text": "Describe these."},
                {"type": "input_image", "image_url": f"data:image/png;base64,{PNG}", "detail": "auto"},
                {"type": "input_image", "image_url": "https://example.com/cat.png", "detail": "auto"},
                {"type": "input_file", "filename": "report.pdf", "file_data": f"data:application/pdf;base64,{PDF}"},
                {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
            ],
        }
    ]
    assert "2 images" in reply.text


@pytest.mark.parametrize("key", ["server_tool_use", "server_tool_use_details"])
def test_web_search_request_counts_in_invoke_and_stream(emulator: Emulator, make_llm: Any, key: str) -> None:
    usage = {
        "input_tokens": 12,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": 3,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": 15,
        "cost": 0.02,
        key: {"web_search_requests": 1},
    }
    emulator.queue(Reply([text_item("Found it.")], usage=usage), Reply([text_item("Found it.")], usage=usage))
    llm = make_llm(model="openai/gpt-4o:online")
    invoked = llm.invoke("news?").response_metadata
    streamed = aggregate(llm.stream("news?")).response_metadata
    for metadata in (invoked, streamed):
        assert metadata["web_search_requests"] == 1
        assert metadata["server_tool_use_details"] == {"web_search_requests": 1}
