"""The contenders: this package, `ChatOpenAI`, the raw `openai` SDK, and a bytes-only floor.

Each offers the same calls (build, invoke, stream, ainvoke, astream), so every case
runs them the same way. Contenders whose package is not installed are left out.
"""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, Protocol

import httpx
import openai
from langchain_core.language_models import BaseChatModel
from pydantic import SecretStr

from benchmarks.limit_model import LimitChatModel
from langchain_openrouter_responses import ChatOpenRouterResponses

MODEL = "openai/gpt-4o-mini"
OURS, LIMIT, CHATOPENAI, RAW, FLOOR = "ours", "limit", "chatopenai", "raw", "floor"
COMPARED = (OURS, LIMIT, CHATOPENAI, RAW)


class Contender(Protocol):
    """One way of calling the API; every method sends one request (except ``build``)."""

    name: str

    def build(self) -> object:
        """Construct a fresh model or client, as a user would."""
        ...

    def invoke(self, prompt: str) -> object:
        """Send a non-streaming request and return the parsed answer."""
        ...

    def stream(self, prompt: str) -> Iterator[Any]:
        """Open a streaming request; iterate it to consume the stream."""
        ...

    async def ainvoke(self, prompt: str) -> object:
        """Send a non-streaming request on the running event loop."""
        ...

    async def astream(self, prompt: str) -> AsyncIterator[Any]:
        """Open a streaming request on the running event loop."""
        ...

    def is_content(self, item: Any) -> bool:
        """Whether a streamed item carries answer text."""
        ...

    def text_of(self, item: Any) -> str | None:
        """The answer text a streamed item carries ("" for none; None: this contender is not checked)."""
        ...


class ChatModelContender:
    """A LangChain chat model, called through the public Runnable methods."""

    def __init__(self, name: str, factory: Callable[[], BaseChatModel]) -> None:
        """Keep ``factory`` for construction timing and build the model used for calls."""
        self.name = name
        self._factory = factory
        self.model = factory()

    def build(self) -> object:
        return self._factory()

    def invoke(self, prompt: str) -> object:
        return self.model.invoke(prompt)

    def stream(self, prompt: str) -> Iterator[Any]:
        return self.model.stream(prompt)

    async def ainvoke(self, prompt: str) -> object:
        return await self.model.ainvoke(prompt)

    async def astream(self, prompt: str) -> AsyncIterator[Any]:
        return self.model.astream(prompt)

    def is_content(self, item: Any) -> bool:
        return bool(item.text)

    def text_of(self, item: Any) -> str | None:
        return str(item.text)


class RawContender:
    """The `openai` SDK's ``client.responses.create``, every event parsed by the SDK."""

    name = RAW

    def __init__(self, url: str, api_key: str) -> None:
        """Build the sync and async clients used for calls."""
        self._url, self._key = url, api_key
        self.client = self.build()
        self.aclient = openai.AsyncOpenAI(base_url=url, api_key=api_key, max_retries=0)

    def build(self) -> openai.OpenAI:
        return openai.OpenAI(base_url=self._url, api_key=self._key, max_retries=0)

    def invoke(self, prompt: str) -> object:
        return self.client.responses.create(model=MODEL, input=prompt, stream=False)

    def stream(self, prompt: str) -> Iterator[Any]:
        return iter(self.client.responses.create(model=MODEL, input=prompt, stream=True))

    async def ainvoke(self, prompt: str) -> object:
        return await self.aclient.responses.create(model=MODEL, input=prompt, stream=False)

    async def astream(self, prompt: str) -> AsyncIterator[Any]:
        return aiter(await self.aclient.responses.create(model=MODEL, input=prompt, stream=True))

    def is_content(self, item: Any) -> bool:
        return bool(item.type == "response.output_text.delta")

    def text_of(self, item: Any) -> str | None:
        return str(item.delta) if item.type == "response.output_text.delta" else ""


class FloorContender:
    """Plain `httpx`: the same requests, bytes read but never parsed (server + transport cost)."""

    name = FLOOR

    def __init__(self, url: str, api_key: str) -> None:
        """Build the sync and async `httpx` clients."""
        headers = {"Authorization": f"Bearer {api_key}"}
        self.client = httpx.Client(base_url=url, headers=headers, timeout=600)
        self.aclient = httpx.AsyncClient(base_url=url, headers=headers, timeout=600)

    def build(self) -> object:
        return self.client  # never timed: the floor has no construction cost to compare

    def invoke(self, prompt: str) -> object:
        return self.client.post("/responses", json=_body(prompt, stream=False)).content

    def stream(self, prompt: str) -> Iterator[Any]:
        with self.client.stream("POST", "/responses", json=_body(prompt, stream=True)) as response:
            yield from response.iter_bytes()

    async def ainvoke(self, prompt: str) -> object:
        return (await self.aclient.post("/responses", json=_body(prompt, stream=False))).content

    async def astream(self, prompt: str) -> AsyncIterator[Any]:
        return self._abytes(prompt)

    async def _abytes(self, prompt: str) -> AsyncIterator[bytes]:
        async with self.aclient.stream("POST", "/responses", json=_body(prompt, stream=True)) as response:
            async for data in response.aiter_bytes():
                yield data

    def is_content(self, item: Any) -> bool:
        return b"output_text.delta" in item

    def text_of(self, item: Any) -> str | None:
        return None  # bytes are never parsed: that is the point of the floor


def _body(prompt: str, *, stream: bool) -> dict[str, Any]:
    return {"model": MODEL, "input": prompt, "stream": stream}


def ours(url: str, api_key: str) -> ChatModelContender:
    """This package's `ChatOpenRouterResponses`."""

    def factory() -> BaseChatModel:
        return ChatOpenRouterResponses(model=MODEL, base_url=url, api_key=SecretStr(api_key), max_retries=0)

    return ChatModelContender(OURS, factory)


def limit(url: str, api_key: str) -> ChatModelContender:
    """The thinnest honest LangChain integration (``benchmarks/limit_model.py``)."""

    def factory() -> BaseChatModel:
        return LimitChatModel(model=MODEL, base_url=url, api_key=api_key)

    return ChatModelContender(LIMIT, factory)


def chatopenai(url: str, api_key: str) -> ChatModelContender | None:
    """`langchain_openai.ChatOpenAI(use_responses_api=True)`, or None when it is not installed."""
    if importlib.util.find_spec("langchain_openai") is None:
        return None
    from langchain_openai import ChatOpenAI  # noqa: PLC0415 - optional dependency

    def factory() -> BaseChatModel:
        return ChatOpenAI(model=MODEL, base_url=url, api_key=SecretStr(api_key), use_responses_api=True, max_retries=0)

    return ChatModelContender(CHATOPENAI, factory)


def all_contenders(url: str, api_key: str) -> list[Contender]:
    """Return ours, the LangChain limit, ChatOpenAI (when installed) and raw, in round order."""
    found = [ours(url, api_key), limit(url, api_key), chatopenai(url, api_key), RawContender(url, api_key)]
    return [contender for contender in found if contender is not None]
