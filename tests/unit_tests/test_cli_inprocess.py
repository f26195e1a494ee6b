"""The command line run in-process against an emulator, to inspect what it sent and wrote."""

from __future__ import annotations

import importlib
import io
import json
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.messages import AIMessageChunk

from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses.chat_models import DEFAULT_MODEL
from langchain_openrouter_responses.cli.main import main
from langchain_openrouter_responses.cli.options import NESTED_KEYS, OPTION_KEYS
from langchain_openrouter_responses.emulator import Emulator, ErrorReply, Reply, text_item

MARKDOWN = "# Result\nThe answer is **42**.\n\n```python\nprint(42)\n```\n- done\n"


pytestmark = pytest.mark.usefixtures("data_home")  # each test logs to its own $XDG_DATA_HOME


@pytest.fixture
def emulator(monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    with Emulator() as emu:
        monkeypatch.setenv("OPENROUTER_API_KEY", emu.api_key or "key")
        monkeypatch.setenv("OPENROUTER_BASE_URL", emu.base_url)
        monkeypatch.delenv("NO_COLOR", raising=False)
        yield emu


def typed(monkeypatch: pytest.MonkeyPatch, *lines: str) -> None:
    """What the user types, one line each (the session reads it through `input()`)."""
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


def user_texts(items: list[dict[str, Any]]) -> list[str]:
    return [item["content"] for item in items if item.get("role") == "user"]


def test_each_turn_replays_the_models_own_message(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typed(monkeypatch, "hi", "how are you", "/exit")
    assert main(["-i", "-m", "anthropic/claude-sonnet-4", "-r", "high"]) == 0
    first, second = (request.json for request in emulator.requests)
    assert [item["type"] for item in first["input"]] == ["message"]
    replayed = second["input"]
    assert [item["type"] for item in replayed] == ["message", "reasoning", "message", "message"]
    assert replayed[1]["format"] == "anthropic-claude-v1"
    assert replayed[1]["signature"], "the reasoning item goes back with its signature"
    assert replayed[2]["content"][0]["text"] == 'Hello! You said: "hi"'
    assert user_texts(replayed) == ["hi", "how are you"]
    out = capsys.readouterr().out
    assert 'Hello! You said: "hi"' in out
    assert 'Hello! You said: "how are you"' in out


def test_reset_and_model_commands(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typed(monkeypatch, "hi", "/reset", "/model openai/gpt-4o", "/model", "/help", "/nope", "again")
    assert main(["-i", "-s", "Be brief."]) == 0, "end of input leaves the session"
    first, last = emulator.requests[0].json, emulator.requests[-1].json
    assert first["model"] == "openai/gpt-oss-20b"
    assert last["model"] == "openai/gpt-4o"
    assert last["input"][0]["role"] == "system", "the system prompt survives /reset"
    assert user_texts(last["input"]) == ["again"], "the first turn was forgotten"
    err = capsys.readouterr().err
    assert "[conversation cleared]" in err
    assert "[model: openai/gpt-4o]" in err
    assert "/reset" in err
    assert "unknown command /nope" in err


def test_a_failed_turn_keeps_the_session_and_its_history(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    emulator.queue(ErrorReply.openrouter(402, "Insufficient credits"))
    typed(monkeypatch, "first", "second", "/quit")
    assert main(["-i"]) == 0
    assert user_texts(emulator.requests[-1].json["input"]) == ["second"]
    captured = capsys.readouterr()
    assert "error: " in captured.err
    assert "Insufficient credits" in captured.err
    assert "Traceback" not in captured.err
    assert 'Hello! You said: "second"' in captured.out


def interrupt_first_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first answer is cut by Ctrl-C after its first line; later ones stream normally."""
    real_stream = ChatOpenRouterResponses.stream
    calls: list[int] = []

    def stream(self: ChatOpenRouterResponses, *args: Any, **kwargs: Any) -> Iterator[AIMessageChunk]:
        calls.append(1)
        if len(calls) > 1:
            yield from real_stream(self, *args, **kwargs)
            return
        yield AIMessageChunk(content="Once upon a time\nthere was")
        raise KeyboardInterrupt

    monkeypatch.setattr(ChatOpenRouterResponses, "stream", stream)


def test_ctrl_c_during_an_answer_returns_to_the_prompt(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    interrupt_first_stream(monkeypatch)
    typed(monkeypatch, "tell me a story", "hi", "/exit")
    assert main(["-i"]) == 0
    captured = capsys.readouterr()
    assert "Once upon a time\nthere was\n" in captured.out, "what arrived is shown, its last line ended"
    assert "[interrupted]" in captured.err
    assert 'Hello! You said: "hi"' in captured.out
    assert user_texts(emulator.requests[-1].json["input"]) == ["hi"], "the interrupted turn is dropped"


def test_ctrl_c_in_one_shot_mode_exits_130(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    interrupt_first_stream(monkeypatch)
    assert main(["tell me a story"]) == 130
    assert "[interrupted]" in capsys.readouterr().err


def test_markdown_is_rendered_with_color_always(emulator: Emulator, capsys: pytest.CaptureFixture[str]) -> None:
    emulator.queue(Reply([text_item(MARKDOWN)], delta_size=3))
    assert main(["--color", "always", "what is the answer?"]) == 0
    out = capsys.readouterr().out
    assert "The answer is \x1b[1m42\x1b[0m." in out, "rich renders the bold text"
    assert "\x1b[1;4mResult\x1b[0m" in out
    assert "print" in out
    assert "42\x1b[0m\x1b[97;40m)" in out, "the code block is highlighted"
    assert " • \x1b[0mdone" in out
    assert "**" not in out


def test_without_rich_a_terminal_gets_plain_text(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "rich", None)  # as if the [cli] extra were not installed
    emulator.queue(Reply([text_item(MARKDOWN)], delta_size=3))
    assert main(["--color", "always", "what is the answer?"]) == 0
    assert capsys.readouterr().out == MARKDOWN


def test_without_a_terminal_the_text_is_unchanged(emulator: Emulator, capsys: pytest.CaptureFixture[str]) -> None:
    emulator.queue(Reply([text_item(MARKDOWN)], delta_size=3))
    assert main(["what is the answer?"]) == 0
    captured = capsys.readouterr()
    assert captured.out == MARKDOWN
    assert "\x1b[" not in captured.err


def test_json_in_process(emulator: Emulator, capsys: pytest.CaptureFixture[str]) -> None:
    emulator.queue(Reply([text_item(MARKDOWN)]))
    emulator.unavailable_models.add("openai/gpt-5")
    assert main(["--json", "-m", "openai/gpt-5", "-f", "openai/gpt-4o", "q"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["text"] == MARKDOWN
    assert payload["model"] == "openai/gpt-4o"
    assert emulator.requests[-1].json["models"] == ["openai/gpt-4o"]


def test_usage_errors(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--json", "-i"])
    assert exit_info.value.code == 2
    assert "--json needs a prompt" in capsys.readouterr().err


def test_an_interrupted_answer_is_logged_as_such_and_never_replayed(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["first"]) == 0
    interrupt_first_stream(monkeypatch)
    assert main(["-c", "tell me a story"]) == 130
    assert main(["-c", "again"]) == 0
    assert user_texts(emulator.requests[-1].json["input"]) == ["first", "again"], "the cut turn is not replayed"
    capsys.readouterr()
    assert main(["logs", "--json", "-n", "0"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(row["prompt"], row["status"]) for row in rows] == [
        ("first", "complete"),
        ("tell me a story", "interrupted"),
        ("again", "complete"),
    ]
    assert rows[1]["text"] == "Once upon a time\nthere was"
    assert len({row["conversation_id"] for row in rows}) == 1


def test_the_chat_reads_multi_line_blocks_and_keeps_stdout_for_answers(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typed(monkeypatch, '"""first line', "second line", 'third"""', "/exit")
    assert main(["-i"]) == 0
    assert user_texts(emulator.requests[0].json["input"]) == ["first line\nsecond line\nthird"]
    captured = capsys.readouterr()
    assert captured.out == 'Hello! You said: "first line\nsecond line\nthird"\n', "only the answer on stdout"
    assert "you> " in captured.err
    assert "...> " in captured.err


def test_the_chat_logs_each_turn_and_continues_later(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typed(monkeypatch, "hi", "/reset", "new topic", "/exit")
    assert main(["-i", "-m", "anthropic/claude-sonnet-4", "-r", "high"]) == 0
    typed(monkeypatch, "and more", "/exit")
    assert main(["-i", "-c"]) == 0
    last = emulator.requests[-1].json
    assert last["model"] == "anthropic/claude-sonnet-4"
    assert user_texts(last["input"]) == ["new topic", "and more"], "-c continues the conversation after /reset"
    assert "continuing conversation" in capsys.readouterr().err
    assert main(["logs", "--json", "-n", "0"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["prompt"] for row in rows] == ["hi", "new topic", "and more"]
    assert rows[0]["conversation_id"] != rows[1]["conversation_id"] == rows[2]["conversation_id"]


def test_continue_with_nothing_logged_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-c", "hi"]) == 2
    assert "no conversation to continue" in capsys.readouterr().err
    assert main(["--cid", "nope", "hi"]) == 2
    assert "no conversation 'nope'" in capsys.readouterr().err


def test_the_cli_knows_the_models_default_and_settings() -> None:
    cli_main = importlib.import_module("langchain_openrouter_responses.cli.main")
    run = importlib.import_module("langchain_openrouter_responses.cli.run")

    assert cli_main.DEFAULT_MODEL == run.DEFAULT_MODEL == DEFAULT_MODEL
    names = set(ChatOpenRouterResponses.model_fields)
    names |= {field.alias for field in ChatOpenRouterResponses.model_fields.values() if field.alias}
    assert set(OPTION_KEYS) <= names
    assert set(NESTED_KEYS) <= set(OPTION_KEYS)
    # Every setting is reachable with -o, except those with their own flags and those that make no
    # sense on a command line (HTTP clients, headers, the key).
    own_flags_or_not_for_a_shell = {
        "model_name",
        "models",
        "openrouter_api_key",
        "base_url",
        "http_client",
        "http_async_client",
        "default_headers",
        "model_kwargs",
        "name",
        "streaming",
        "store",
        "allow_insecure_base_url",
        "cache",
        "verbose",
        "callbacks",
        "tags",
        "metadata",
        "custom_get_token_ids",
        "callback_manager",
        "rate_limiter",
        "disable_streaming",
        "output_version",
        "profile",
        "max_tokens",
        "stop",
        "timeout",
    }
    wire_names = {field.alias or name for name, field in ChatOpenRouterResponses.model_fields.items()}
    settable = {name for name in wire_names if name not in own_flags_or_not_for_a_shell}
    settable -= {
        field.alias
        for name, field in ChatOpenRouterResponses.model_fields.items()
        if name in own_flags_or_not_for_a_shell
    }
    assert settable <= set(OPTION_KEYS), f"settings -o cannot reach: {sorted(settable - set(OPTION_KEYS))}"
