"""Every script in examples/ runs against the emulator, as a user would run it."""

from __future__ import annotations

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


def run(script: Path, emulator: Emulator) -> str:
    env = {**os.environ, "OPENROUTER_BASE_URL": emulator.base_url, "OPENROUTER_API_KEY": str(emulator.api_key)}
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_every_example_is_tested() -> None:
    assert {path.stem for path in EXAMPLES} == {
        "fallbacks",
        "langgraph_agent",
        "lcel_chain",
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
