"""The thinnest honest LangChain integration of a Responses stream: the floor LangChain allows.

It posts with the HTTP library the `openai` SDK uses, splits SSE on blank lines, decodes each
event with orjson (json when orjson is missing), emits one `AIMessageChunk` per text delta and a
last chunk with usage, and goes through langchain-core's own `stream`/`invoke`. It does no error
typing, reasoning, tools or replay: whatever ours costs beyond it is the price of those.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from langchain_openrouter_responses._transport.httpx_shim import sdk_httpx

try:
    from orjson import loads
except ImportError:  # pragma: no cover - orjson ships with langsmith
    from json import loads  # type: ignore[assignment]

TEXT_DELTA = "response.output_text.delta"
TERMINAL = ("response.completed", "response.incomplete", "response.failed")


class LimitChatModel(BaseChatModel):
    """A minimal chat model over `POST /responses` (text only)."""

    model: str
    base_url: str
    api_key: str

    @property
    def _llm_type(self) -> str:
        return "responses-limit"

    def _client(self) -> Any:
        client = self.__dict__.get("_http")
        if client is None:
            headers = {"Authorization": f"Bearer {self.api_key}"}
            client = sdk_httpx.Client(base_url=self.base_url, headers=headers, timeout=600)
            self.__dict__["_http"] = client
        return client

    def _aclient(self) -> Any:
        client = self.__dict__.get("_ahttp")
        if client is None:
            headers = {"Authorization": f"Bearer {self.api_key}"}
            client = sdk_httpx.AsyncClient(base_url=self.base_url, headers=headers, timeout=600)
            self.__dict__["_ahttp"] = client
        return client

    def _body(self, messages: list[BaseMessage], *, stream: bool) -> dict[str, Any]:
        return {"model": self.model, "input": messages[-1].text, "stream": stream}

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **_: Any) -> ChatResult:
        body = self._client().post("/responses", json=self._body(messages, stream=False)).content
        response = loads(body)
        text = "".join(
            part.get("text", "")
            for item in response["output"]
            if item.get("type") == "message"
            for part in item.get("content") or []
        )
        return ChatResult(generations=[ChatGeneration(message=AIMessage(text, usage_metadata=_usage(response)))])

    def _stream(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **_: Any
    ) -> Iterator[ChatGenerationChunk]:
        with self._client().stream("POST", "/responses", json=self._body(messages, stream=True)) as response:
            buffer = b""
            for data in response.iter_bytes():
                buffer += data
                *events, buffer = buffer.split(b"\n\n")
                for event in events:
                    chunk = _chunk(event)
                    if chunk is not None:
                        yield chunk

    async def _astream(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **_: Any
    ) -> AsyncIterator[ChatGenerationChunk]:
        request = self._aclient().stream("POST", "/responses", json=self._body(messages, stream=True))
        async with request as response:
            buffer = b""
            async for data in response.aiter_bytes():
                buffer += data
                *events, buffer = buffer.split(b"\n\n")
                for event in events:
                    chunk = _chunk(event)
                    if chunk is not None:
                        yield chunk


def _chunk(event: bytes) -> ChatGenerationChunk | None:
    if not event.startswith(b"data: {"):
        return None
    parsed = loads(event[6:])
    kind = parsed["type"]
    if kind == TEXT_DELTA:
        return ChatGenerationChunk(message=AIMessageChunk(content=parsed["delta"]))
    if kind in TERMINAL:
        last = AIMessageChunk(content="", usage_metadata=_usage(parsed["response"]), chunk_position="last")
        return ChatGenerationChunk(message=last)
    return None


def _usage(response: dict[str, Any]) -> Any:
    usage = response.get("usage") or {}
    return {
        "input_tokens": usage.get("input_tokens", 0),
        "output_tokens": usage.get("output_tokens", 0),
        "total_tokens": usage.get("total_tokens", 0),
    }
