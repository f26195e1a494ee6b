"""Small things a new user trips over: table alignment, totals, finish reasons, notices and hints."""

from __future__ import annotations

import pytest

from langchain_openrouter_responses.cli.store import INTERRUPTED, Exchange, LogStore
from langchain_openrouter_responses.emulator import Emulator
from tests.unit_tests.test_cli import run_cli

pytestmark = pytest.mark.usefixtures("data_home")


def test_models_columns_line_up_with_five_input_kinds() -> None:
    lines = run_cli("models", "-q", "gemini-2.5").stdout.splitlines()
    header, rows = lines[0], lines[1:-1]
    assert any(",video " in row for row in rows), "a model with five input kinds is listed"
    tools_column = header.index("tools")
    for row in rows:
        assert row[tools_column : tools_column + 3] in {"yes", "no "}, row


def test_logs_total_counts_every_matching_exchange_not_only_those_shown() -> None:
    for number in range(4):
        assert run_cli(f"question {number}").returncode == 0
    shown = run_cli("logs", "-n", "2").stdout
    assert shown.count("## ") == 2
    assert shown.splitlines()[-1].startswith("total: 4 exchanges (2 shown; -n 0 shows all), ")


def test_an_interrupted_exchange_shows_why_it_has_no_finish_reason() -> None:
    LogStore().add(
        Exchange(
            conversation_id="c1", requested_model="openai/gpt-4o", prompt="p", prompt_content="p", status=INTERRUPTED
        )
    )
    shown = run_cli("logs").stdout
    assert "finish interrupted" in shown
    assert "finish None" not in shown


def test_a_failed_refresh_without_a_cache_says_the_bundled_catalogue_answers() -> None:
    result = run_cli("models", "--refresh", "--base-url", "http://127.0.0.1:9/api/v1", "-q", "gpt-4o")
    assert "using the bundled catalogue (no list fetched yet)" in result.stderr
    assert "using the cache" not in result.stderr


def test_the_401_hint_on_the_command_line_names_the_key_flag() -> None:
    with Emulator() as emulator:
        result = run_cli("--base-url", emulator.base_url, "--key", "sk-or-wrong", "hi")
    assert result.returncode == 1
    assert "Check OPENROUTER_API_KEY (or --key)" in result.stderr
    assert "api_key=" not in result.stderr
