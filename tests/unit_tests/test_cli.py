"""The command line, driven as a user would: a subprocess against the bundled emulator."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

UNSET = ("OPENROUTER_API_KEY", "OPENROUTER_BASE_URL", "NO_COLOR", "OPENROUTER_RESPONSES_NO_LOG")
pytestmark = pytest.mark.usefixtures("data_home")  # each test logs to its own $XDG_DATA_HOME


def run_cli(
    *args: str, stdin: str | None = None, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the command as a user would; stdin is empty unless given (never the test runner's)."""
    return run_python("-m", "langchain_openrouter_responses", *args, stdin=stdin, extra_env=extra_env)


def run_python(
    *args: str, stdin: str | None = None, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run this Python with `args` in the user's environment without OpenRouter variables (see `run_cli`)."""
    env = {k: v for k, v in os.environ.items() if k not in UNSET} | (extra_env or {})
    return subprocess.run(
        [sys.executable, *args],
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_without_a_key_it_answers_offline_and_says_so() -> None:
    result = run_cli("Share a 2 sentence horror story")
    assert result.returncode == 0, result.stderr
    assert "[offline: OPENROUTER_API_KEY is not set" in result.stderr
    assert result.stdout.strip().count(".") >= 2
    assert "[openai/gpt-oss-20b:" in result.stderr


def test_flags_for_model_fallback_and_reasoning() -> None:
    result = run_cli(
        "--model", "anthropic/claude-sonnet-4", "--fallback", "openai/gpt-4o", "-r", "high", "--show-reasoning", "hi"
    )
    assert result.returncode == 0, result.stderr
    answer_line = result.stdout.strip()
    assert answer_line == 'Hello! You said: "hi"'
    reasoning_text = result.stderr.split("]\n", 1)[1].split("\n\n", 1)[0]
    assert reasoning_text, "reasoning is shown on stderr with --show-reasoning"
    assert reasoning_text not in result.stdout
    assert "[anthropic/claude-sonnet-4:" in result.stderr


def test_prompt_from_stdin_and_missing_prompt() -> None:
    assert run_cli(stdin="hello there").stdout.strip() == 'Hello! You said: "hello there"'
    missing = run_cli(stdin="")
    assert missing.returncode == 2
    assert "give a prompt" in missing.stderr


def test_json_prints_one_object_and_nothing_else() -> None:
    env_key = {"OPENROUTER_API_KEY": "sk-or-not-used"}
    result = run_cli(
        "--json",
        "--offline",
        "-m",
        "anthropic/claude-sonnet-4",
        "-r",
        "low",
        "-s",
        "Be brief.",
        "hi",
        extra_env=env_key,
    )
    assert result.returncode == 0, result.stderr
    assert "[offline: --offline" in result.stderr, "--offline wins over a key"
    payload = json.loads(result.stdout)
    assert payload["text"] == 'Hello! You said: "hi"'
    assert payload["reasoning"], "the emulator's Claude reasons in plain text"
    assert payload["model"] == "anthropic/claude-sonnet-4"
    assert payload["finish_reason"] == "stop"
    assert payload["usage_metadata"]["output_tokens"] > 0
    assert payload["usage_metadata"]["output_token_details"]["reasoning"] > 0
    assert payload["cost"] > 0
    assert payload["tool_calls"] == []
    assert payload["response_metadata"]["model_provider"] == "openrouter_responses"


def test_an_openrouter_error_exits_1_without_a_traceback() -> None:
    result = run_cli("--model", "acme/not-a-model", "hi")  # well formed, but no such model
    assert result.returncode == 1
    assert "error: OpenRouter error (HTTP 400" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_malformed_model_id_is_a_usage_error_before_any_request() -> None:
    result = run_cli("--model", "", "hi")
    assert result.returncode == 2
    assert "model='' is not an OpenRouter model id" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


# Ctrl-C while the answer's modules load: the SIGINT is real, and a library turns the KeyboardInterrupt into its
# own error (as pydantic-core does when it is building a schema), chained or only named in the message.
CTRL_C_WHILE_LOADING = """
import importlib, os, signal, sys, time
cli = importlib.import_module("langchain_openrouter_responses.cli.main")

class SchemaError(Exception):
    pass

def loading(args, prompt, *, interactive):
    try:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)
    except KeyboardInterrupt as interrupt:
        if sys.argv[1] == "chained":
            raise SchemaError("invalid schema") from interrupt
        raise SchemaError(f"Invalid Schema: {interrupt!r} KeyboardInterrupt()") from None
    return 0

cli._answer = loading
raise SystemExit(cli.main(["hi"]))
"""


@pytest.mark.parametrize("wrapped", ["chained", "named"])
def test_ctrl_c_while_starting_exits_130_in_one_line(wrapped: str) -> None:
    result = run_python("-c", CTRL_C_WHILE_LOADING, wrapped)
    assert result.returncode == 130, result.stderr
    assert result.stderr == "[interrupted]\n"
