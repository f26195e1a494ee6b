"""Shared helpers for the unit tests: the recorded OpenRouter fixtures."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest


def fixtures_dir() -> Path:
    """Locate `shared/fixtures/openrouter` beside the checkout (or via env)."""
    override = os.environ.get("OPENROUTER_FIXTURES_DIR")
    if override:
        return Path(override)
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "fixtures" / "openrouter"
        if candidate.is_dir():
            return candidate
    pytest.fail("shared/fixtures/openrouter not found beside the checkout; set OPENROUTER_FIXTURES_DIR")
    raise AssertionError  # unreachable


FIXTURES = fixtures_dir()


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
