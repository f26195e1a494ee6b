"""The batch runner from Python: an async iterator of results, and JSONL in → JSONL out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses.batch import (
    BatchInputError,
    BatchPrompt,
    BatchRunner,
    FleetLimiter,
    OutputState,
    abatch_results,
    arun_batch_file,
    read_prompts,
)
from langchain_openrouter_responses.emulator import Emulator


async def test_abatch_results_yields_one_record_per_prompt() -> None:
    with Emulator() as emu:
        llm = ChatOpenRouterResponses(base_url=emu.base_url, api_key=emu.api_key)
        results = [record async for record in abatch_results(llm, ["one", "two", "three"], concurrency=2)]
    assert sorted(record["id"] for record in results) == [1, 2, 3]
    assert {record["text"] for record in results} == {f'Hello! You said: "{word}"' for word in ("one", "two", "three")}


async def test_max_cost_stops_starting_prompts(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text("".join(json.dumps({"prompt": f"q{n}"}) + "\n" for n in range(20)))
    with Emulator() as emu:
        llm = ChatOpenRouterResponses(base_url=emu.base_url, api_key=emu.api_key)
        runner = BatchRunner(llm, concurrency=1, max_cost=0.000012)
        summary = await arun_batch_file(runner, tmp_path / "in.jsonl", tmp_path / "out.jsonl")
    assert summary.stopped == "max_cost"
    assert summary.cost >= 0.000012
    assert summary.answered == len((tmp_path / "out.jsonl").read_text().splitlines()) < 20
    assert summary.not_started == 20 - summary.answered


async def test_bad_line_options_fail_that_line_only() -> None:
    with Emulator() as emu:
        llm = ChatOpenRouterResponses(base_url=emu.base_url, api_key=emu.api_key)
        prompts = [
            BatchPrompt.from_obj({"prompt": "a", "options": {"base_url": "http://evil.example"}}, default_id=1),
            BatchPrompt.from_obj({"prompt": "b", "options": {"temperature": 0.5}}, default_id=2),
        ]
        results = {record["id"]: record async for record in BatchRunner(llm).results(prompts)}
        sent = len(emu.requests)
    assert "cannot set 'base_url'" in results[1]["error"]["message"]
    assert results[2]["text"] == 'Hello! You said: "b"'
    assert sent == 1


def test_output_state_cuts_a_torn_last_line(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": 1, "text": "x"}\n{"id": 2, "error": {"type": "E"}}\n{"id": 3, "te')
    state = OutputState.load(out)
    assert (state.answered, state.failed) == ({1}, {2})
    assert state.repaired == len('{"id": 3, "te')
    assert out.read_text().endswith("}\n")
    assert OutputState.drop_failed(out) == 1
    assert out.read_text() == '{"id": 1, "text": "x"}\n'


async def test_limiter_halves_once_per_window_and_recovers() -> None:
    limiter = FleetLimiter(8)
    limiter.throttled(0.0)
    limiter.throttled(0.0)
    assert limiter.limit == 4
    assert limiter.rate_limited == 2
    for _ in range(4):
        await limiter.acquire()
    for _ in range(4):
        limiter.release(ok=True)
    assert limiter.limit == 5, "a full window of successes raises the limit"


@pytest.mark.parametrize("line", ['{"prompt": 1}', '{"messages": []}', '{"prompt": "a", "messages": []}', "[1]"])
def test_input_lines_that_are_not_prompts(line: str) -> None:
    with pytest.raises(BatchInputError, match=r"<input>:1: "):
        read_prompts([line])
