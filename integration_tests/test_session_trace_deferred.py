"""`session_id` from the environment, typed `trace` and `deferred_tools`, in the request body."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from langchain_openrouter_responses import settings
from langchain_openrouter_responses.emulator import Emulator

DEFERRED = {"profile": "portable", "protocol": "v1", "validation": "runtime"}


def test_session_id_is_read_from_the_environment(
    emulator: Emulator, make_llm: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENROUTER_SESSION_ID", "ci-run-7")
    make_llm().invoke("hi")
    make_llm(session_id="conv-1").invoke("hi")
    monkeypatch.setenv("OPENROUTER_SESSION_ID", "")
    make_llm().invoke("hi")
    assert [request.json.get("session_id") for request in emulator.requests] == ["ci-run-7", "conv-1", None]


def test_a_session_id_over_256_characters_is_refused(make_llm: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError, match="257 characters long; OpenRouter takes at most 256"):
        make_llm(session_id="s" * 257)
    monkeypatch.setenv("OPENROUTER_SESSION_ID", "s" * 300)
    with pytest.raises(ValidationError, match="unset OPENROUTER_SESSION_ID"):
        make_llm()


def test_trace_is_typed_and_keeps_custom_keys(emulator: Emulator, make_llm: Any) -> None:
    llm = make_llm(trace={"trace_id": "t-1", "span_name": "plan", "team": "search"})
    assert isinstance(llm.trace, settings.TraceConfig)
    llm.invoke("hi", trace=settings.TraceConfig(trace_id="t-2", generation_name="answer"))
    llm.invoke("hi")
    assert emulator.requests[0].json["trace"] == {"trace_id": "t-2", "generation_name": "answer"}
    assert emulator.requests[1].json["trace"] == {"trace_id": "t-1", "span_name": "plan", "team": "search"}
    with pytest.raises(ValidationError, match="trace_id"):
        make_llm(trace={"trace_id": 7})


def test_deferred_tools_are_typed(emulator: Emulator, make_llm: Any) -> None:
    llm = make_llm(deferred_tools=settings.DeferredTools(search=settings.Bm25ToolSearch(max_results=3)))
    llm.invoke("hi")
    llm.invoke("hi", deferred_tools={"search": {"type": "custom", "tool_id": "find", "result_key": "ids"}})
    assert emulator.requests[0].json["deferred_tools"] == {**DEFERRED, "search": {"type": "bm25", "max_results": 3}}
    custom = settings.CustomToolSearch(tool_id="find", result_key="ids").model_dump(exclude_none=True)
    assert emulator.requests[1].json["deferred_tools"] == {**DEFERRED, "search": custom}
    with pytest.raises(ValidationError, match="search"):
        make_llm(deferred_tools={"search": {"type": "semantic"}})
