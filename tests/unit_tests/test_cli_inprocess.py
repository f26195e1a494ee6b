"""The command line run in-process against an emulator, to inspect what it sent and wrote."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from langchain_core.messages import AIMessageChunk

from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses.cli.main import main
from langchain_openrouter_responses.emulator import Emulator, ErrorReply, Reply, text_item

MARKDOWN = "# Result\nThe answer is **42**.\n\n```python\nprint(42)\n```\n- done\n"


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
    assert "The answer is \x1b[1m42\x1b[22m." in out
    assert "\x1b[1m\x1b[4mResult\x1b[24m\x1b[22m" in out
    assert "    \x1b[36mprint(42)\x1b[39m" in out
    assert "  • done" in out
    assert "**" not in out


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
