"""The pytest plugin fails a test on an emulator fault or on replies left queued.

Each case runs a small test file in a separate pytest process, as a user's suite would.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from langchain_openrouter_responses.emulator import Emulator
from tests.emulator.conftest import API_KEY, Client

HEADER = """
import pytest
from langchain_openrouter_responses import ChatOpenRouterResponses
from langchain_openrouter_responses.emulator import Reply, text_item


def llm(emulator):
    return ChatOpenRouterResponses(base_url=emulator.base_url, api_key=emulator.api_key, max_retries=0)
"""


def run_pytest(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_user.py").write_text(HEADER + textwrap.dedent(body))
    command = [sys.executable, "-m", "pytest", "-q", "-p", "langchain_openrouter_responses.emulator.pytest_plugin"]
    return subprocess.run(
        [*command, "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_raising_responder_fails_its_test_with_the_traceback(tmp_path: Path) -> None:
    result = run_pytest(
        tmp_path,
        """
        def broken(body, model):
            raise RuntimeError("responder bug: no such field")

        def test_uses_a_broken_responder(openrouter_emulator):
            openrouter_emulator.responder = broken
            with pytest.raises(Exception):  # the client only sees a 500
                llm(openrouter_emulator).invoke("Hi")
        """,
    )

    assert result.returncode == 1, result.stdout
    assert "1 failed" in result.stdout
    assert "RuntimeError: responder bug: no such field" in result.stdout
    assert "in broken" in result.stdout  # the emulator-side traceback, not just the 500


def test_a_leftover_queued_reply_fails_its_test_unless_marked(tmp_path: Path) -> None:
    result = run_pytest(
        tmp_path,
        """
        def test_leaves_a_reply(openrouter_emulator):
            openrouter_emulator.queue(Reply([text_item("one")]), Reply([text_item("two")]))
            assert llm(openrouter_emulator).invoke("Hi").text == "one"

        @pytest.mark.allow_unused_replies
        def test_may_leave_a_reply(openrouter_emulator):
            openrouter_emulator.queue(Reply([text_item("one")]), Reply([text_item("two")]))
            assert llm(openrouter_emulator).invoke("Hi").text == "one"

        def test_uses_every_reply(openrouter_emulator):
            openrouter_emulator.queue(Reply([text_item("one")]))
            assert llm(openrouter_emulator).invoke("Hi").text == "one"
        """,
    )

    assert "1 failed, 2 passed" in result.stdout, result.stdout
    assert "test_leaves_a_reply" in result.stdout
    assert "1 queued reply(ies) never used" in result.stdout
    assert "two" in result.stdout


def test_a_test_that_fails_anyway_keeps_its_own_error_and_gets_the_report_as_a_note(tmp_path: Path) -> None:
    result = run_pytest(
        tmp_path,
        """
        def test_fails_on_its_own(openrouter_emulator):
            openrouter_emulator.queue(Reply([text_item("unused")]))
            assert 1 == 2
        """,
    )

    assert "1 failed" in result.stdout
    assert "assert 1 == 2" in result.stdout
    assert "queued reply(ies) never used" in result.stdout


def test_faults_are_kept_and_the_wire_still_gets_a_500() -> None:
    def broken(body: object, model: str) -> None:
        raise ValueError("boom")

    with Emulator(API_KEY, responder=broken) as emu:
        answer = Client(emu).ask()

        assert answer.status == 500
        assert answer.json() == {"error": {"code": 500, "message": "Internal Server Error"}}
        assert len(emu.faults) == 1
        assert "ValueError: boom" in emu.faults[0].traceback
        assert emu.faults[0].request.json["input"] == "Hi"
        with pytest.raises(AssertionError, match="ValueError: boom"):
            emu.verify()
        emu.clear()
        emu.verify()
