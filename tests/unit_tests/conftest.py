"""Shared helpers for the unit tests: the recorded OpenRouter fixtures bundled with the package."""

from __future__ import annotations

import json
from typing import Any

from langchain_openrouter_responses.emulator import FIXTURES_DIR

FIXTURES = FIXTURES_DIR


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> Any:
    return json.loads(fixture_bytes(name))


def sse_names() -> list[str]:
    return sorted(p.name[: -len(".sse")] for p in FIXTURES.glob("*.sse"))


def sse_events(name: str) -> list[dict[str, Any]]:
    """Every JSON event of a fixture stream that parses (truncated ones are skipped)."""
    events = []
    for block in fixture_bytes(f"{name}.sse").split(b"\n\n"):
        line = block.strip()
        if line.startswith(b"data: ") and line != b"data: [DONE]":
            try:
                events.append(json.loads(line[6:]))
            except ValueError:
                continue
    return events
