"""The command line, driven as a user would: a subprocess against the bundled emulator."""

from __future__ import annotations

import os
import subprocess
import sys


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "OPENROUTER_API_KEY"}
    return subprocess.run(
        [sys.executable, "-m", "langchain_openrouter_responses", *args],
        input=stdin,
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
