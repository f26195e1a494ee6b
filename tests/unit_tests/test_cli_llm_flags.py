"""Flags `llm` users reach for, with `llm`'s names: -x, models --free, logs -m."""

from __future__ import annotations

import json

import pytest

from langchain_openrouter_responses.cli.store import Exchange, LogStore
from langchain_openrouter_responses.cli.turn import first_code_block
from langchain_openrouter_responses.emulator import Emulator, Reply, text_item
from tests.unit_tests.test_cli import run_cli

pytestmark = pytest.mark.usefixtures("data_home")
ANSWER = "Here you go:\n\n```python\nprint('hi')\n\nprint('there')\n```\n\nAnd another:\n\n```\nsecond\n```\n"


def test_extract_prints_only_the_first_fenced_code_block() -> None:
    with Emulator() as emulator:
        emulator.queue(Reply([text_item(ANSWER)]))
        env = {"OPENROUTER_BASE_URL": emulator.base_url, "OPENROUTER_API_KEY": emulator.api_key or "key"}
        result = run_cli("-x", "write a program", extra_env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "print('hi')\n\nprint('there')\n"


def test_first_code_block_without_a_block_is_the_whole_text() -> None:
    assert first_code_block("no code here") == "no code here"
    assert first_code_block("~~~~\na\n```\nb\n~~~~\nc") == "a\n```\nb"


def test_models_free_lists_only_free_models() -> None:
    lines = run_cli("models", "--free").stdout.splitlines()[1:-1]
    assert lines
    assert all(line.split()[0].endswith(":free") for line in lines)


def test_logs_model_keeps_one_models_exchanges() -> None:
    assert run_cli("-m", "openai/gpt-4o", "first").returncode == 0
    assert run_cli("-m", "anthropic/claude-sonnet-4", "second").returncode == 0
    shown = run_cli("logs", "-m", "openai/gpt-4o").stdout
    assert "> first" in shown
    assert "> second" not in shown
    assert shown.splitlines()[-1].startswith("total: 1 exchange, ")


def test_key_shows_the_credit_limit_and_what_was_spent() -> None:
    with Emulator() as emulator:
        env = {"OPENROUTER_BASE_URL": emulator.base_url, "OPENROUTER_API_KEY": emulator.api_key or "key"}
        assert run_cli("hi", extra_env=env).returncode == 0
        shown = run_cli("key", extra_env=env)
        as_json = run_cli("key", "--json", extra_env=env)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[1] == "limit:      none (unlimited)"
    assert lines[2].startswith("usage:      $0.0000")
    assert lines[2] != "usage:      $0.000000 in all", "the answer's cost is counted"
    assert json.loads(as_json.stdout)["usage"] > 0


def test_logs_since_keeps_exchanges_from_then_on() -> None:
    store = LogStore()
    for when, prompt in (("2026-01-01T10:00:00Z", "old"), ("2026-03-01T10:00:00Z", "newer")):
        store.add(
            Exchange(
                conversation_id="c", requested_model="m/x", prompt=prompt, prompt_content=prompt, datetime_utc=when
            )
        )
    shown = run_cli("logs", "--since", "2026-02-01").stdout
    assert "> newer" in shown
    assert "> old" not in shown
    assert "> newer" in run_cli("logs", "--since", "36500d").stdout
    assert "> newer" not in run_cli("logs", "--since", "1h").stdout
    bad = run_cli("logs", "--since", "yesterday")
    assert bad.returncode == 2
    assert "is neither a UTC date or time" in bad.stderr


SCHEMA = {"type": "object", "properties": {"colour": {"type": "string"}}, "required": ["colour"]}


def test_schema_prints_the_parsed_object_and_sends_the_schema() -> None:
    with Emulator() as emulator:
        env = {"OPENROUTER_BASE_URL": emulator.base_url, "OPENROUTER_API_KEY": emulator.api_key or "key"}
        result = run_cli("--schema", json.dumps(SCHEMA), "Name a colour", extra_env=env)
        sent = emulator.requests[-1].json["text"]["format"]
    assert result.returncode == 0, result.stderr
    assert isinstance(json.loads(result.stdout)["colour"], str)
    assert sent["type"] == "json_schema"
    assert sent["schema"]["required"] == ["colour"]


def test_schema_that_is_not_json_is_a_usage_error() -> None:
    result = run_cli("--schema", "{not json", "hi")
    assert result.returncode == 2
    assert result.stderr.startswith("error: --schema is not JSON: ")
    assert "[offline" not in result.stderr
