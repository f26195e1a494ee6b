"""The command line's cost features: `--max-cost` for one prompt and a chat session, cost per conversation in `logs`."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest

from langchain_openrouter_responses.cli.main import main
from langchain_openrouter_responses.emulator import Emulator

pytestmark = pytest.mark.usefixtures("data_home")  # each test logs to its own $XDG_DATA_HOME


@pytest.fixture
def emulator(monkeypatch: pytest.MonkeyPatch) -> Iterator[Emulator]:
    with Emulator() as emu:
        monkeypatch.setenv("OPENROUTER_API_KEY", emu.api_key or "key")
        monkeypatch.setenv("OPENROUTER_BASE_URL", emu.base_url)
        monkeypatch.setenv("NO_COLOR", "1")
        yield emu


def typed(monkeypatch: pytest.MonkeyPatch, *lines: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


def logged_costs(capsys: pytest.CaptureFixture[str]) -> list[float]:
    capsys.readouterr()
    assert main(["logs", "--json", "-n", "0"]) == 0
    return [row["cost"] for row in json.loads(capsys.readouterr().out)]


def test_a_chat_session_stops_sending_once_it_reaches_the_cap(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typed(monkeypatch, "first", "second", "third", "/exit")
    assert main(["-i", "--max-cost", "0.000001"]) == 0  # below one answer: the first crosses it
    assert len(emulator.requests) == 1, "the second and third messages were not sent"
    err = capsys.readouterr().err
    assert err.count("error: cost cap reached: this conversation has cost $") == 2
    assert "of --max-cost $0.000001; nothing was sent" in err


def test_a_chat_session_below_the_cap_answers_every_message(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typed(monkeypatch, "first", "second", "/exit")
    assert main(["-i", "--max-cost", "1"]) == 0
    assert len(emulator.requests) == 2
    assert "cost cap" not in capsys.readouterr().err


def test_one_prompt_continuing_a_conversation_counts_its_earlier_cost(
    emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["first question"]) == 0
    [earlier] = logged_costs(capsys)
    assert main(["-c", "--max-cost", str(earlier), "second question"]) == 1
    assert len(emulator.requests) == 1, "the conversation had already cost the cap: nothing was sent"
    assert f"cost cap reached: this conversation has cost ${earlier:.6f}" in capsys.readouterr().err
    assert main(["-c", "--max-cost", str(earlier * 10), "second question"]) == 0
    assert len(emulator.requests) == 2


@pytest.mark.parametrize(
    ("value", "problem"),
    [("0", "0 is not a positive amount of USD"), ("-0.5", "-0.5 is not a positive amount"), ("lots", "'lots' is not")],
)
def test_a_max_cost_that_is_not_positive_is_a_usage_error(
    emulator: Emulator, capsys: pytest.CaptureFixture[str], value: str, problem: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--max-cost", value, "hi"])
    assert exited.value.code == 2
    assert f"argument --max-cost: {problem}" in capsys.readouterr().err
    assert emulator.requests == []


def test_logs_shows_the_cost_of_each_conversation_and_the_total(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["one"]) == 0
    assert main(["-c", "two"]) == 0
    assert main(["three"]) == 0
    costs = logged_costs(capsys)
    assert main(["logs", "-n", "0"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    conversations = [line for line in lines if line.startswith("conversation ")]
    assert [line.split(": ", 1)[1] for line in conversations] == [
        f"2 exchanges, cost ${costs[0] + costs[1]:.6f}",
        f"1 exchange, cost ${costs[2]:.6f}",
    ]
    assert lines[-1].startswith("total: 3 exchanges, ")
    assert lines[-1].endswith(f"cost ${sum(costs):.6f}")
