"""Typed plugins and stop conditions on the wire; logprobs and the debug event through invoke and stream."""

from __future__ import annotations

from typing import Any

from integration_tests.helpers import aggregate
from langchain_openrouter_responses.emulator import Emulator
from langchain_openrouter_responses.routing import FileParserPlugin, PdfOptions
from langchain_openrouter_responses.settings import MaxCost, StepCountIs


def test_typed_plugins_and_stop_conditions_reach_the_wire(emulator: Emulator, make_llm: Any) -> None:
    llm = make_llm(
        plugins=[FileParserPlugin(pdf=PdfOptions(engine="native")), {"id": "fusion", "rounds": 2}],
        stop_server_tools_when=[StepCountIs(step_count=2), MaxCost(max_cost_in_dollars=0.1)],
    )
    llm.invoke("Hi")
    llm.invoke("Hi", stop_server_tools_when={"type": "has_tool_call", "tool_name": "finish"})
    first, second = (request.json for request in emulator.requests)
    assert first["plugins"] == [{"id": "file-parser", "pdf": {"engine": "native"}}, {"id": "fusion", "rounds": 2}]
    assert first["stop_server_tools_when"] == [
        {"type": "step_count_is", "step_count": 2},
        {"type": "max_cost", "max_cost_in_dollars": 0.1},
    ]
    assert second["stop_server_tools_when"] == [{"type": "has_tool_call", "tool_name": "finish"}]


def test_logprobs_surface_the_same_in_invoke_and_stream(emulator: Emulator, make_llm: Any) -> None:
    llm = make_llm(top_logprobs=2)
    invoked = llm.invoke("Say hello to the world")
    streamed = aggregate(list(llm.stream("Say hello to the world")))
    logprobs = invoked.response_metadata["logprobs"]
    assert "".join(entry["token"] for entry in logprobs) == invoked.text
    assert all(len(entry["top_logprobs"]) == 2 for entry in logprobs)
    assert streamed.response_metadata["logprobs"] == logprobs
    assert emulator.requests[0].json["top_logprobs"] == 2
    assert "logprobs" not in make_llm().invoke("Say hello to the world").response_metadata


def test_the_debug_event_is_kept_in_stream_metadata(emulator: Emulator, make_llm: Any) -> None:
    llm = make_llm(debug={"echo_upstream_body": True}, temperature=0.5)
    streamed = aggregate(list(llm.stream("Hi")))
    (debug,) = streamed.response_metadata["debug"]
    upstream = debug["echo_upstream_body"]
    assert upstream["stream"] is True
    assert upstream["temperature"] == 0.5
    assert emulator.requests[0].json["debug"] == {"echo_upstream_body": True}
    assert "debug" not in llm.invoke("Hi").response_metadata  # streaming only
    assert "debug" not in aggregate(list(make_llm().stream("Hi"))).response_metadata
