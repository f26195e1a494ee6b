"""The command line's features, driven as a user would: subprocesses against a recording emulator."""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from langchain_openrouter_responses.emulator import Emulator, Reply, reasoning_item, text_item

UNSET = ("OPENROUTER_API_KEY", "OPENROUTER_BASE_URL", "NO_COLOR", "OPENROUTER_RESPONSES_NO_LOG")
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
pytestmark = pytest.mark.usefixtures("data_home")


def cli(
    *args: str | bytes, stdin: str | bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `openrouter-responses` with only `env` added to a clean environment (no key, no URL)."""
    clean = {k: v for k, v in os.environ.items() if k not in UNSET} | (env or {})
    result = subprocess.run(
        [sys.executable, "-m", "langchain_openrouter_responses", *args],
        input=stdin.encode() if isinstance(stdin, str) else stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        capture_output=True,
        env=clean,
        timeout=60,
        check=False,
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(errors="replace"), result.stderr.decode(errors="replace")
    )


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


def online(emu: Emulator) -> dict[str, str]:
    return {"OPENROUTER_API_KEY": emu.api_key or "key", "OPENROUTER_BASE_URL": emu.base_url}


def user_texts(body: dict[str, Any]) -> list[Any]:
    return [item["content"] for item in body["input"] if item.get("role") == "user"]


def logged(data_home: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(data_home / "openrouter-responses" / "logs.db") as db:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute("SELECT * FROM exchanges ORDER BY id")]


def test_stdin_and_prompt_go_together_stdin_first(emulator: Emulator) -> None:
    result = cli("Summarise this", stdin="the context\n", env=online(emulator))
    assert result.returncode == 0, result.stderr
    assert user_texts(emulator.requests[0].json) == ["the context\n\nSummarise this"]


def test_non_utf8_argument_and_stdin_are_replaced_with_one_warning(emulator: Emulator) -> None:
    result = cli(b"caf\xe9", stdin=b"na\xefve", env=online(emulator))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("not valid UTF-8") == 1
    assert user_texts(emulator.requests[0].json) == ["na\ufffdve\n\ncaf\ufffd"]


def test_continue_resends_the_reasoning_item_byte_exact_with_the_same_model(
    emulator: Emulator, data_home: Path
) -> None:
    thought = reasoning_item(
        text='Think \u00e9 "quoted" \\ twice.',
        signature="c2lnbmF0dXJl+/==",
        format="anthropic-claude-v1",
        id="rs_first",
    )
    emulator.queue(Reply([thought, text_item("First answer.")]))
    first = cli("-m", "anthropic/claude-sonnet-4", "-r", "high", "first question", env=online(emulator))
    assert first.returncode == 0, first.stderr
    second = cli("-c", "second question", env=online(emulator))
    assert second.returncode == 0, second.stderr
    body = emulator.requests[1].json
    assert body["model"] == "anthropic/claude-sonnet-4", "the conversation keeps its model"
    replayed = [item for item in body["input"] if item.get("type") == "reasoning"]
    assert len(replayed) == 1
    assert json.dumps(replayed[0]) == json.dumps(thought), "the reasoning item goes back byte for byte"
    assert user_texts(body) == ["first question", "second question"]
    rows = logged(data_home)
    assert len({row["conversation_id"] for row in rows}) == 1

    third = cli("--cid", rows[0]["conversation_id"], "-m", "openai/gpt-4o", "third", env=online(emulator))
    assert third.returncode == 0, third.stderr
    assert emulator.requests[2].json["model"] == "openai/gpt-4o", "-m overrides the conversation's model"
    assert user_texts(emulator.requests[2].json) == ["first question", "second question", "third"]


def test_logs_json_lists_prompt_answer_and_usage(emulator: Emulator, data_home: Path) -> None:
    assert cli("-s", "Be brief.", "-o", "temperature", "0.2", "hello log", env=online(emulator)).returncode == 0
    result = cli("logs", "--json")
    assert result.returncode == 0, result.stderr
    [entry] = json.loads(result.stdout)
    assert entry["prompt"] == "hello log"
    assert entry["text"] == 'Hello! You said: "hello log"'
    assert entry["system"] == "Be brief."
    assert entry["requested_model"] == entry["served_model"] == "openai/gpt-oss-20b"
    assert entry["options"]["temperature"] == 0.2
    assert entry["usage"]["output_tokens"] > 0
    assert entry["cost"] > 0
    assert entry["finish_reason"] == "stop"
    assert entry["status"] == "complete"
    assert entry["message"]["type"] == "ai"
    text = cli("logs", "-q", "hello").stdout
    assert "> hello log" in text
    assert text.strip().splitlines()[-1].startswith("total: 1 exchange, ")
    assert "total: 0 exchanges" in cli("logs", "-q", "nothing like it").stdout


def test_models_lists_and_filters_the_catalogue_offline() -> None:
    everything = json.loads(cli("models", "--json").stdout)
    assert len(everything) >= 300
    claude = json.loads(cli("models", "-q", "claude", "--json").stdout)
    assert claude
    assert all("claude" in row["id"] for row in claude)
    assert {row["id"] for row in claude} == {row["id"] for row in everything if "claude" in row["id"]}
    vision = json.loads(cli("models", "--vision", "--reasoning", "--json").stdout)
    assert vision
    assert all("image" in row["inputs"] and row["reasoning"] for row in vision)
    table = cli("models", "-q", "gpt-oss-20b").stdout
    assert "openai/gpt-oss-20b" in table
    assert "131,072" in table or "context" in table


def test_a_prompt_named_like_a_subcommand_stays_reachable(emulator: Emulator) -> None:
    assert cli("--", "models", env=online(emulator)).returncode == 0
    assert cli("prompt", "logs", env=online(emulator)).returncode == 0
    assert [user_texts(request.json) for request in emulator.requests] == [["models"], ["logs"]]


def test_options_reach_the_body_and_unknown_keys_are_usage_errors(emulator: Emulator) -> None:
    result = cli(
        "-o", "temperature", "0.2", "-o", "max_output_tokens", "50", "-o", "provider.sort", "price",
        "-o", "verbosity", "low", "hi", env=online(emulator),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    body = emulator.requests[0].json
    assert body["temperature"] == 0.2
    assert body["max_output_tokens"] == 50
    assert body["provider"] == {"sort": "price"}
    assert body["text"]["verbosity"] == "low"
    unknown = cli("-o", "temprature", "0.2", "hi", env=online(emulator))
    assert unknown.returncode == 2
    assert "unknown option 'temprature'; valid keys: " in unknown.stderr
    assert "temperature" in unknown.stderr
    bad_value = cli("-o", "temperature", "hot", "hi", env=online(emulator))
    assert bad_value.returncode == 2
    assert bad_value.stderr.count("\n") == 1, bad_value.stderr
    assert "temperature" in bad_value.stderr
    assert len(emulator.requests) == 1, "no request for a usage error"


def test_attach_sends_an_image_part_and_refuses_a_model_without_vision(emulator: Emulator, tmp_path: Path) -> None:
    image = tmp_path / "image.png"
    image.write_bytes(PNG)
    result = cli("-m", "openai/gpt-4o", "-a", str(image), "what is this?", env=online(emulator))
    assert result.returncode == 0, result.stderr
    [message] = [item for item in emulator.requests[0].json["input"] if item.get("role") == "user"]
    parts = {part["type"]: part for part in message["content"]}
    assert parts["input_text"]["text"] == "what is this?"
    assert parts["input_image"]["image_url"] == "data:image/png;base64," + base64.b64encode(PNG).decode()
    refused = cli("-m", "openai/gpt-oss-20b", "-a", str(image), "what is this?", env=online(emulator))
    assert refused.returncode == 2
    assert "openai/gpt-oss-20b does not accept images" in refused.stderr
    assert len(emulator.requests) == 1, "refused before any request"
    forced = tmp_path / "clip.bin"
    forced.write_bytes(b"RIFF0000WAVEfmt ")
    audio = cli(
        "-m", "google/gemini-2.5-flash", "--attach-type", str(forced), "audio/wav", "hear", env=online(emulator)
    )
    assert audio.returncode == 0, audio.stderr
    [message] = [item for item in emulator.requests[1].json["input"] if item.get("role") == "user"]
    assert message["content"][1]["type"] == "input_audio"


def test_no_stream_sends_a_non_streaming_request(emulator: Emulator) -> None:
    assert cli("streamed", env=online(emulator)).returncode == 0
    result = cli("--no-stream", "whole", env=online(emulator))
    assert result.returncode == 0, result.stderr
    assert result.stdout == 'Hello! You said: "whole"\n'
    assert emulator.requests[0].json["stream"] is True
    assert emulator.requests[1].json.get("stream") in {None, False}


def test_encrypted_reasoning_is_announced_in_one_line(emulator: Emulator) -> None:
    emulator.queue(
        Reply([reasoning_item(encrypted_content="gAAAA-opaque", format="openai-responses-v1"), text_item("Done.")])
    )
    result = cli("-m", "openai/gpt-5", "-r", "high", "--show-reasoning", "think", env=online(emulator))
    assert result.returncode == 0, result.stderr
    assert "reasoning: encrypted by the provider, " in result.stderr
    assert result.stderr.rstrip().splitlines()[-2].endswith(" tokens")
    plain = cli("-m", "openai/gpt-5", "-r", "high", "think", env=online(emulator))
    assert "encrypted" not in plain.stderr, "only with --show-reasoning"


def test_key_and_base_url_flags_work_with_an_empty_environment(data_home: Path) -> None:
    with Emulator(api_key="sk-or-flag-key") as emu:
        result = cli("--key", "sk-or-flag-key", "--base-url", emu.base_url, "hi")
        assert result.returncode == 0, result.stderr
        assert "[offline" not in result.stderr
        assert emu.requests[0].headers["authorization"] == "Bearer sk-or-flag-key"
        wrong = cli("--key", "sk-or-wrong", "--base-url", emu.base_url, "hi")
        assert wrong.returncode == 1
        assert "Traceback" not in wrong.stderr
    database = (data_home / "openrouter-responses" / "logs.db").read_bytes()
    assert b"sk-or-flag-key" not in database, "the key is never logged"


def test_an_explicit_base_url_is_never_replaced_by_the_emulator() -> None:
    with Emulator() as emu:  # the default emulator key works for a loopback URL
        result = cli(env={"OPENROUTER_BASE_URL": emu.base_url}, stdin="hi")
        assert result.returncode == 0, result.stderr
        assert "[offline" not in result.stderr
        assert len(emu.requests) == 1
    remote = cli("--base-url", "https://openrouter.example/api/v1", "hi")
    assert remote.returncode == 2
    assert remote.stderr == (
        "error: --base-url is https://openrouter.example/api/v1 but no API key is set: "
        "pass --key or set OPENROUTER_API_KEY\n"
    )
    insecure = cli(
        env={"OPENROUTER_BASE_URL": "http://openrouter.example/api/v1", "OPENROUTER_API_KEY": "k"}, stdin="x"
    )
    assert insecure.returncode == 2
    assert insecure.stderr.count("\n") == 1
    assert "OPENROUTER_BASE_URL" in insecure.stderr
    assert "--allow-insecure-base-url" in insecure.stderr
    assert "pydantic" not in insecure.stderr
    assert "allow_insecure_base_url=True" not in insecure.stderr


def test_the_log_is_private_and_can_be_turned_off(emulator: Emulator, data_home: Path) -> None:
    assert cli("--no-log", "not logged", env=online(emulator)).returncode == 0
    assert not (data_home / "openrouter-responses").exists()
    off = online(emulator) | {"OPENROUTER_RESPONSES_NO_LOG": "1"}
    assert cli("not logged either", env=off).returncode == 0
    assert not (data_home / "openrouter-responses").exists()
    assert cli("logged", env=online(emulator)).returncode == 0
    folder = data_home / "openrouter-responses"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "logs.db").stat().st_mode) == 0o600
    assert [row["prompt"] for row in logged(data_home)] == ["logged"]


def test_ten_cli_processes_logging_at_once_lose_no_row(emulator: Emulator, data_home: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if k not in UNSET} | online(emulator)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "langchain_openrouter_responses", f"writer {number}"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=clean,
        )
        for number in range(10)
    ]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    assert sorted(row["prompt"] for row in logged(data_home)) == sorted(f"writer {number}" for number in range(10))
    with sqlite3.connect(data_home / "openrouter-responses" / "logs.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_help_and_version_import_nothing_heavy() -> None:
    probe = (
        "import sys\n"
        "from langchain_openrouter_responses.cli.main import main\n"
        "for argv in (['--help'], ['--version'], ['logs', '--help'], ['models', '--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = [name for name in ('langchain_core', 'openai', 'pydantic', 'httpx', 'rich') if name in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False)
    assert "HEAVY []" in result.stderr, result.stderr
