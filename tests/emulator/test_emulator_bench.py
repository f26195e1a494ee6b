"""Benchmark replies: the responder hook, `bench <kind> <n>` prompts and the `--responder ... --quiet` CLI."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
from typing import Any

import pytest

from benchmarks.bench_responder import bench_reply, bench_text
from langchain_openrouter_responses.emulator import Emulator, Reply, text_item
from tests.emulator.conftest import API_KEY, PATH, Client


@pytest.fixture
def bench_client() -> Any:
    with Emulator(api_key=API_KEY, responder=bench_reply) as emulator:
        yield Client(emulator)


def deltas(types: list[str], kind: str) -> int:
    return types.count(f"response.{kind}.delta")


@pytest.mark.parametrize("count", [1, 7, 200, 2000])
def test_text_prompt_streams_exactly_n_text_deltas(bench_client: Client, count: int) -> None:
    answer = bench_client.stream(f"bench text {count}")

    assert answer.status == 200
    assert deltas(answer.types, "output_text") == count
    assert answer.types[-1] == "response.completed"
    assert b": OPENROUTER PROCESSING" in answer.body


@pytest.mark.parametrize("count", [2, 9, 2000])
def test_reasoning_prompt_streams_half_reasoning_then_text(bench_client: Client, count: int) -> None:
    answer = bench_client.stream(f"bench reasoning {count}")

    types = answer.types
    assert deltas(types, "reasoning_text") == count // 2
    assert deltas(types, "output_text") == count - count // 2
    assert types.index("response.reasoning_text.delta") < types.index("response.output_text.delta")


def test_short_prompt_answers_about_twenty_tokens(bench_client: Client) -> None:
    answer = bench_client.ask("bench short 0").json()

    text = answer["output"][0]["content"][0]["text"]
    assert 60 <= len(text) <= 120
    assert answer["status"] == "completed"


def test_bench_prompt_in_a_message_list(bench_client: Client) -> None:
    history = [
        {"role": "user", "content": "bench text 3"},
        {"role": "assistant", "content": "ok"},
        {"role": "user", "content": [{"type": "input_text", "text": "bench text 5"}]},
    ]
    answer = bench_client.stream(history)

    assert deltas(answer.types, "output_text") == 5


def test_other_prompts_get_the_default_answer(bench_client: Client) -> None:
    answer = bench_client.ask("Hi, bench text 5").json()

    assert answer["output"][0]["content"][0]["text"] == 'Hello! You said: "Hi, bench text 5"'


def test_queued_replies_win_over_the_responder(bench_client: Client) -> None:
    bench_client.emu.queue(Reply([text_item("queued")]))

    assert bench_client.ask("bench short 0").json()["output"][0]["content"][0]["text"] == "queued"


def test_responder_gets_body_and_routed_model() -> None:
    seen: list[tuple[str, str]] = []

    def responder(body: dict[str, Any], model: str) -> Reply | None:
        seen.append((body["input"], model))
        return Reply([text_item("custom")]) if body["input"] == "custom" else None

    with Emulator(api_key=API_KEY, responder=responder) as emu:
        client = Client(emu)
        custom = client.ask("custom").json()
        default = client.ask("Hi").json()

    assert custom["output"][0]["content"][0]["text"] == "custom"
    assert default["output"][0]["content"][0]["text"] == 'Hello! You said: "Hi"'
    assert seen == [("custom", "openai/gpt-4o-mini"), ("Hi", "openai/gpt-4o-mini")]


def test_bench_text_is_made_of_delta_sized_words() -> None:
    assert bench_text(0) == ""
    assert len(bench_text(25)) == 100


RESPONDER = "benchmarks.bench_responder:bench_reply"


def test_cli_bench_and_quiet() -> None:
    command = [sys.executable, "-m", "langchain_openrouter_responses.emulator", "--responder", RESPONDER, "--quiet"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as proc:
        assert proc.stdout is not None
        base = proc.stdout.readline().decode().split(" on ")[1].strip()
        port = int(base.split(":")[2].split("/")[0])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        body = json.dumps({"model": "openai/gpt-4o-mini", "input": "bench text 10", "stream": True}).encode()
        conn.request("POST", PATH, body=body, headers={"Authorization": "Bearer sk-or-emulator"})
        response = conn.getresponse()
        data = response.read()
        conn.close()
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=5)

    assert response.status == 200
    assert data.count(b'"type":"response.output_text.delta"') == 10
    assert proc.returncode == 0
    assert b"POST /api/v1/responses" not in stderr
