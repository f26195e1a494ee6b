"""LangChain's standard integration suite, run against the loopback emulator.

The emulator answers from what a real model would read (tools and their schemas,
`tool_choice`, `text.format`, the user's words, whether the last item is a tool
result); it never knows which test is running. The suite downloads a PNG, a PDF
and a WAV with `httpx.get`; those come from `integration_tests/assets/` instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage
from langchain_tests.integration_tests import ChatModelIntegrationTests

from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses.emulator import Emulator

ASSETS = Path(__file__).parent / "assets"
_ASSET_BY_SUFFIX = {".png": "image.png", ".jpg": "image.png", ".pdf": "document.pdf", ".wav": "audio.wav"}
_emulator: Emulator | None = None


@pytest.fixture(scope="module", autouse=True)
def running_emulator() -> Iterator[Emulator]:
    global _emulator  # noqa: PLW0603 (chat_model_params is a property, read inside the suite's fixtures)
    with Emulator() as emulator:
        _emulator = emulator
        yield emulator
    _emulator = None


@pytest.fixture(autouse=True)
def local_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGCHAIN_TESTS_USER_AGENT", "langchain-openrouter-responses-tests")
    real_get = httpx.get

    def get(url: Any, *args: Any, **kwargs: Any) -> httpx.Response:
        for suffix, name in _ASSET_BY_SUFFIX.items():
            if str(url).lower().endswith(suffix):
                return httpx.Response(200, content=(ASSETS / name).read_bytes(), request=httpx.Request("GET", url))
        return real_get(url, *args, **kwargs)

    monkeypatch.setattr(httpx, "get", get)


def _emulator_params() -> dict[str, Any]:
    assert _emulator is not None
    return {"base_url": _emulator.base_url, "api_key": _emulator.api_key, "max_retries": 0}


class TestChatOpenRouterResponsesIntegration(ChatModelIntegrationTests):
    @property
    def chat_model_class(self) -> type[ChatOpenRouterResponses]:
        return ChatOpenRouterResponses

    @property
    def chat_model_params(self) -> dict[str, Any]:
        # Its profile takes images, PDFs and audio, which the suite sends (the emulator answers
        # 404 "No endpoints found that support ..." to a model without them, as OpenRouter does).
        return {"model": "google/gemini-2.5-flash", **_emulator_params()}

    @property
    def supports_json_mode(self) -> bool:
        return True

    @property
    def supports_image_inputs(self) -> bool:
        return True

    @property
    def supports_image_urls(self) -> bool:
        return True

    @property
    def supports_pdf_inputs(self) -> bool:
        return True

    @property
    def supports_audio_inputs(self) -> bool:
        return True

    @property
    def supports_image_tool_message(self) -> bool:
        return True

    @property
    def supports_pdf_tool_message(self) -> bool:
        return True

    @property
    def supports_anthropic_inputs(self) -> bool:
        return True

    @property
    def model_override_value(self) -> str:
        return "anthropic/claude-sonnet-4"

    @property
    def supported_usage_metadata_details(self) -> dict[str, list[Any]]:
        return {"invoke": ["reasoning_output", "cache_read_input"], "stream": ["reasoning_output", "cache_read_input"]}

    def invoke_with_reasoning_output(self, *, stream: bool = False) -> AIMessage:
        llm = ChatOpenRouterResponses(
            model="anthropic/claude-sonnet-4", reasoning={"effort": "low"}, **_emulator_params()
        )
        return _call(llm, "Explain step by step why the sky is blue.", stream=stream)

    def invoke_with_cache_read_input(self, *, stream: bool = False) -> AIMessage:
        return _cached_call(stream=stream)


def _cached_call(*, stream: bool) -> AIMessage:
    """Send a 1,200-token prompt twice: the second answer reads the first one's cached prefix."""
    llm = ChatOpenRouterResponses(model="openai/gpt-4o-mini", **_emulator_params())
    prompt = f"Summarise this long document ({'stream' if stream else 'invoke'}): " + "lorem ipsum " * 600
    llm.invoke([HumanMessage(prompt)])
    return _call(llm, prompt, stream=stream)


@pytest.mark.parametrize("stream", [False, True])
def test_cache_reads_come_from_a_repeated_prefix(stream: bool) -> None:
    reply = _cached_call(stream=stream)
    assert reply.usage_metadata is not None
    assert reply.usage_metadata["input_token_details"]["cache_read"] == 1152  # 1,024 + 128: whole 128-token steps


def _call(llm: ChatOpenRouterResponses, prompt: str, *, stream: bool) -> AIMessage:
    if not stream:
        return llm.invoke([HumanMessage(prompt)])
    full: AIMessageChunk | None = None
    for chunk in llm.stream([HumanMessage(prompt)]):
        full = chunk if full is None else full + chunk
    assert full is not None
    return full  # type: ignore[return-value]


class TestWithFunctionCallingStructuredOutput(TestChatOpenRouterResponsesIntegration):
    """The same suite with `with_structured_output(method="function_calling")`."""

    @property
    def structured_output_kwargs(self) -> dict[str, Any]:
        return {"method": "function_calling"}
