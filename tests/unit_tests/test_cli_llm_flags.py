"""Flags `llm` users reach for, with `llm`'s names: -x, models --free, logs -m."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

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


def ask_with_schema(flag: str, prompt: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """Run the command with `flag SCHEMA` against an emulator; return the run and the format sent."""
    with Emulator() as emulator:
        env = {"OPENROUTER_BASE_URL": emulator.base_url, "OPENROUTER_API_KEY": emulator.api_key or "key"}
        result = run_cli(flag, json.dumps(SCHEMA), prompt, extra_env=env)
        return result, emulator.requests[-1].json["text"]["format"]


def test_schema_prints_the_parsed_object_and_sends_the_schema() -> None:
    result, sent = ask_with_schema("--schema", "Name a colour")
    assert result.returncode == 0, result.stderr
    assert isinstance(json.loads(result.stdout)["colour"], str)
    assert sent["type"] == "json_schema"
    assert sent["schema"]["required"] == ["colour"]


def test_schema_that_is_not_json_is_a_usage_error() -> None:
    result = run_cli("--schema", "{not json", "hi")
    assert result.returncode == 2
    assert result.stderr.startswith("error: --schema is not JSON: ")
    assert "[offline" not in result.stderr


def test_schema_multi_asks_for_a_list_of_objects_and_prints_it_as_items() -> None:
    result, sent = ask_with_schema("--schema-multi", "Name three colours")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)["items"]
    assert items
    assert all(isinstance(item["colour"], str) for item in items)
    assert sent["type"] == "json_schema"
    assert sent["schema"]["required"] == ["items"]
    assert sent["schema"]["properties"]["items"] == {"type": "array", "items": SCHEMA}


def test_schema_multi_from_a_file_is_logged_and_its_errors_name_the_flag(tmp_path: Path) -> None:
    schema_file = tmp_path / "colour.json"
    schema_file.write_text(json.dumps(SCHEMA), encoding="utf-8")
    result = run_cli("--schema-multi", str(schema_file), "Name three colours")
    assert result.returncode == 0, result.stderr
    assert json.loads(run_cli("logs", "--json").stdout)[-1]["text"].startswith('{"items":')
    both = run_cli("--schema", json.dumps(SCHEMA), "--schema-multi", json.dumps(SCHEMA), "hi")
    assert both.returncode == 2
    assert both.stderr == "error: give --schema (one object) or --schema-multi (a list of them), not both\n"
    missing = run_cli("--schema-multi", str(tmp_path / "nope.json"), "hi")
    assert missing.returncode == 2
    assert missing.stderr.startswith(f"error: --schema-multi: cannot read {tmp_path / 'nope.json'}: ")
    not_object = run_cli("--schema-multi", "[1]", "hi")
    assert not_object.returncode == 2
    assert not_object.stderr.startswith("error: --schema-multi must be a JSON object")
    chat = run_cli("-i", "--schema-multi", json.dumps(SCHEMA))
    assert chat.returncode == 2
    assert "--schema-multi needs a prompt" in chat.stderr
