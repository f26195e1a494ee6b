"""The API key never leaks: repr, dumps, logs, errors, callbacks, the emulator's log."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.load import dumpd, dumps, load

from langchain_openrouter_responses import ChatOpenRouterResponses, OpenRouterError
from langchain_openrouter_responses.emulator import Emulator, ErrorReply

SECRET = "sk-or-v1-very-secret-key-0123456789"


class PayloadRecorder(BaseCallbackHandler):
    def __init__(self) -> None:
        self.payloads: list[str] = []

    def on_chat_model_start(self, serialized: Any, messages: Any, **kwargs: Any) -> None:
        self.payloads.append(json.dumps([serialized, kwargs], default=repr))

    def on_llm_end(self, response: Any, **kwargs: Any) -> None:
        self.payloads.append(json.dumps(response.model_dump(), default=repr))

    def on_llm_error(self, error: BaseException, **kwargs: Any) -> None:
        self.payloads.append(repr(error) + str(error))


@pytest.fixture
def secret_emulator() -> Any:
    with Emulator(api_key=SECRET) as emu:
        yield emu


def test_key_absent_from_repr_str_and_dumps() -> None:
    llm = ChatOpenRouterResponses(api_key=SECRET)
    for text in (repr(llm), str(llm), dumps(llm), json.dumps(dumpd(llm)), json.dumps(llm._identifying_params)):
        assert SECRET not in text
    assert dumpd(llm)["kwargs"]["openrouter_api_key"] == {"lc": 1, "type": "secret", "id": ["OPENROUTER_API_KEY"]}


def test_load_restores_the_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENROUTER_API_KEY", SECRET)
    dumped = dumpd(ChatOpenRouterResponses(model="anthropic/claude-sonnet-4", reasoning={"effort": "low"}))
    loaded = load(
        dumped,
        allowed_objects=[ChatOpenRouterResponses],
        valid_namespaces=["langchain_openrouter_responses"],
        secrets_from_env=True,
    )
    assert isinstance(loaded, ChatOpenRouterResponses)
    assert loaded.model_name == "anthropic/claude-sonnet-4"
    assert loaded.reasoning == {"effort": "low"}
    assert loaded.openrouter_api_key is not None
    assert loaded.openrouter_api_key.get_secret_value() == SECRET


def test_key_absent_from_logs_callbacks_and_errors(secret_emulator: Emulator, caplog: pytest.LogCaptureFixture) -> None:
    recorder = PayloadRecorder()
    llm = ChatOpenRouterResponses(base_url=secret_emulator.base_url, api_key=SECRET, max_retries=0)
    for name in ("openai", "httpx", "httpx2", "httpcore", "httpcore2", "langchain_openrouter_responses"):
        caplog.set_level(logging.DEBUG, logger=name)
    with caplog.at_level(logging.DEBUG):
        llm.invoke("hi", config={"callbacks": [recorder]})
        list(llm.stream("hi", config={"callbacks": [recorder]}))
        secret_emulator.queue(ErrorReply(401, {"error": {"message": "User not found.", "code": 401}}))
        with pytest.raises(OpenRouterError) as caught:
            llm.invoke("hi", config={"callbacks": [recorder]})
    assert secret_emulator.requests[0].headers["authorization"] == f"Bearer {SECRET}"
    loggers = {record.name for record in caplog.records}
    assert "openai._base_client" in loggers, loggers
    assert any(name.startswith("httpcore") for name in loggers), loggers
    for record in caplog.records:
        assert SECRET not in record.getMessage()
    assert len(recorder.payloads) == 6
    for payload in recorder.payloads:
        assert SECRET not in payload
    error = caught.value
    assert SECRET not in str(error)
    assert SECRET not in repr(error)
    assert SECRET not in repr(error.body)  # type: ignore[attr-defined]
    assert SECRET not in repr(secret_emulator.requests)


def test_per_call_client_options_configure_the_client_and_stay_out_of_the_body(secret_emulator: Emulator) -> None:
    recorder = PayloadRecorder()
    llm = ChatOpenRouterResponses(base_url="http://127.0.0.1:9/api/v1", api_key="sk-or-wrong", max_retries=0)
    reply = llm.invoke(
        "hi",
        api_key=SECRET,
        base_url=secret_emulator.base_url,
        timeout=5,
        config={"callbacks": [recorder]},
    )
    assert reply.text
    (request,) = secret_emulator.requests
    assert request.headers["authorization"] == f"Bearer {SECRET}"
    assert set(request.json) == {"model", "input"}
    assert all(SECRET not in payload for payload in recorder.payloads)
