"""Usage errors are found before anything starts or is sent: exit 2, one line, a suggestion where one fits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from langchain_openrouter_responses.emulator import Emulator
from tests.unit_tests.test_cli import run_cli
from tests.unit_tests.test_cli_batch import run_batch, write_prompts

pytestmark = pytest.mark.usefixtures("data_home")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-o", "temperature", "hot", "hi"), "error: temperature: 'hot' is not valid; it should be a valid number"),
        (("-m", "gpt-4o", "hi"), "error: model='gpt-4o' is not an OpenRouter model id"),
    ],
)
def test_a_bad_setting_exits_2_before_the_emulator_starts(args: tuple[str, ...], message: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2, result.stderr
    assert "[offline" not in result.stderr, "nothing started before the settings were checked"
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1
    assert result.stdout == ""


def test_logs_of_an_unknown_conversation_is_a_usage_error() -> None:
    result = run_cli("logs", "--cid", "nope")
    assert result.returncode == 2
    assert result.stderr == "error: no conversation 'nope' in the log; `openrouter-responses logs` lists them\n"


@pytest.mark.parametrize(("typed", "meant"), [("log", "logs"), ("model", "models"), ("bach", "batch")])
def test_a_mistyped_command_is_suggested_like_git_does(typed: str, meant: str) -> None:
    result = run_cli(typed)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"openrouter-responses: {typed!r} is not a command. The most similar command is",
        f"\t{meant}",
        f"(to send it as a prompt: openrouter-responses -- {typed})",
    ]
    assert result.stdout == ""


def test_double_dash_and_longer_prompts_are_still_prompts() -> None:
    assert run_cli("--", "log").stdout.strip() == 'Hello! You said: "log"'
    assert run_cli("log", "rotation", "tips").stdout.strip() == 'Hello! You said: "log rotation tips"'
    typo_with_options = run_cli("log", "-n", "5")
    assert typo_with_options.returncode == 2
    assert "\tlogs" in typo_with_options.stderr


@pytest.mark.parametrize("cost", ["-1", "0", "free"])
def test_batch_max_cost_must_be_more_than_zero(tmp_path: Path, cost: str) -> None:
    write_prompts(tmp_path / "in.jsonl", 2)
    with Emulator() as emu:
        result = run_batch(emu, str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl"), "--max-cost", cost)
        assert emu.requests == []
    assert result.returncode == 2
    assert "--max-cost" in result.stderr
    assert "USD, e.g. --max-cost 0.50" in result.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"temprature": 0.2}, "'options' cannot set 'temprature'; did you mean 'temperature'?"),
        ({"temperature": "hot"}, "temperature: Input should be a valid number, unable to parse string as a number"),
    ],
)
def test_batch_checks_every_line_before_the_first_request(tmp_path: Path, options: dict, message: str) -> None:
    source = tmp_path / "in.jsonl"
    lines = [{"id": "a", "prompt": "Q1"}, {"id": "b", "prompt": "Q2"}, {"id": "c", "prompt": "Q3", "options": options}]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines))
    with Emulator() as emu:
        result = run_batch(emu, str(source), "-o", str(tmp_path / "out.jsonl"))
        assert emu.requests == [], "nothing is sent when a line is bad"
    assert result.returncode == 2
    assert result.stderr == f"error: {source}:3: {message}\n"
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(
    ("option", "sentence"),
    [
        (
            ("provider.sort", "bogus"),
            (
                "error: provider.sort: 'bogus' is not valid; it should be 'price', 'throughput', 'latency' or "
                "'exacto', or a valid dictionary or instance of ProviderSort; write an object as JSON, "
                """e.g. -o provider.sort '{"key": "value"}'"""
            ),
        ),
        (
            ("provider.order", "openai"),
            (
                "error: provider.order: 'openai' is not valid; it should be a valid list; write a list as JSON, "
                """e.g. -o provider.order '["openai"]'"""
            ),
        ),
    ],
)
def test_an_option_error_says_what_is_allowed_and_how_to_write_it(option: tuple[str, str], sentence: str) -> None:
    result = run_cli("-o", *option, "hi")
    assert result.returncode == 2
    assert result.stderr == sentence + "\n"
    assert "literal[" not in result.stderr, "no union member names from pydantic"


def test_batch_minus_o_for_a_setting_points_to_capital_o(tmp_path: Path) -> None:
    write_prompts(tmp_path / "in.jsonl", 1)
    with Emulator() as emu:
        output = str(tmp_path / "out.jsonl")
        result = run_batch(emu, str(tmp_path / "in.jsonl"), "-o", output, "-o", "temperature", "0.2")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "openrouter-responses batch: error: unrecognized arguments: 0.2; -o is the output file here: "
        "model settings take -O KEY VALUE, e.g. -O temperature 0.2"
    )


def test_prompt_keeps_a_command_name_as_a_prompt() -> None:
    assert run_cli("prompt", "logs").stdout.strip() == 'Hello! You said: "logs"'
