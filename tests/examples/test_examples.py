"""Every script in examples/ runs against the emulator, as a user would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from langchain_openrouter_responses.emulator import Emulator

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.py"))


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        emu.unavailable_models.add("anthropic/claude-sonnet-4.5")
        yield emu


def run(script: Path, emulator: Emulator, *arguments: str, timeout: float = 120, **env_vars: str) -> str:
    env = {**os.environ, "OPENROUTER_BASE_URL": emulator.base_url, "OPENROUTER_API_KEY": str(emulator.api_key)}
    result = subprocess.run(
        [sys.executable, str(script), *arguments],
        capture_output=True,
        text=True,
        env={**env, **env_vars},
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_every_example_is_tested() -> None:
    assert {path.stem for path in EXAMPLES} == {
        "fallbacks",
        "langgraph_agent",
        "lcel_chain",
        "ray_batch",
        "structured_output",
        "web_search",
    }


def test_lcel_chain(emulator: Emulator) -> None:
    out = run(next(p for p in EXAMPLES if p.stem == "lcel_chain"), emulator)
    assert out.splitlines()[0].startswith("DNS: ")
    assert out.splitlines()[1].startswith("TLS: ")


def test_langgraph_agent(emulator: Emulator) -> None:
    out = run(next(p for p in EXAMPLES if p.stem == "langgraph_agent"), emulator)
    assert "[ai reasoning]" in out
    assert "[ai calls get_weather] {'location': 'Lisbon, Portugal'}" in out
    assert "[tool] It's sunny and 22 °C in Lisbon, Portugal." in out


def test_fallbacks(emulator: Emulator) -> None:
    out = run(next(p for p in EXAMPLES if p.stem == "fallbacks"), emulator)
    assert "served by: openai/gpt-4o" in out
    assert "attempt: anthropic/claude-sonnet-4.5 -> 503" in out


def test_structured_output(emulator: Emulator) -> None:
    out = run(next(p for p in EXAMPLES if p.stem == "structured_output"), emulator)
    assert "json_schema: Weather(location='Oslo, Norway'" in out
    assert "function_calling: Weather(location='Oslo, Norway'" in out


def test_web_search(emulator: Emulator) -> None:
    out = run(next(p for p in EXAMPLES if p.stem == "web_search"), emulator)
    assert "source: Emulated search result <https://search.example/" in out
    assert "searched: What is new in the latest Python release" in out
    assert out.count("source: ") == 3


@pytest.mark.timeout(400)
def test_ray_batch(emulator: Emulator, tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="Ray is in the 'ray' dependency group; scripts/test.sh runs this with it")
    prompts = tmp_path / "prompts.jsonl"
    prompts.write_text("".join(json.dumps({"id": f"q{n}", "prompt": f"Question {n}?"}) + "\n" for n in range(40)))
    before = len(emulator.requests)
    out = run(
        next(p for p in EXAMPLES if p.stem == "ray_batch"),
        emulator,
        str(prompts),
        str(tmp_path / "results"),
        timeout=360,
        RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER="0",  # a local Ray on 127.0.0.1, not the machine's address
    )

    rows = [
        json.loads(line) for path in (tmp_path / "results").glob("*.json") for line in path.read_text().splitlines()
    ]
    assert "answered 40 prompts" in out
    assert sorted(row["id"] for row in rows) == sorted(f"q{n}" for n in range(40))
    assert all(row["error"] is None and f"Question {row['id'][1:]}?" in row["text"] for row in rows)
    assert all(row["model"] == "openai/gpt-4o-mini" and row["cost"] > 0 for row in rows)
    assert len(emulator.requests) - before == 40, "every prompt asked exactly once"
