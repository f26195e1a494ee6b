"""A log that cannot be read or written: one line saying so, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit_tests.test_cli import run_cli, run_python

pytestmark = pytest.mark.usefixtures("data_home")


def log_of(data_home: Path) -> Path:
    return data_home / "openrouter-responses" / "logs.db"


@pytest.fixture
def read_only_log(data_home: Path) -> Iterator[Path]:
    """A log with one exchange whose file and folder cannot be written (chattr +i for root, chmod otherwise)."""
    assert run_cli("first question").returncode == 0
    log = log_of(data_home)
    if os.geteuid() != 0:
        log.chmod(0o400)
        log.parent.chmod(0o500)
        yield log
        log.parent.chmod(0o700)
        return
    if shutil.which("chattr") is None:
        pytest.skip("root needs chattr to make a file read-only")
    locked = subprocess.run(["chattr", "+i", str(log), str(log.parent)], capture_output=True, check=False)
    if locked.returncode:
        pytest.skip(f"chattr +i is not permitted here: {locked.stderr!r}")
    try:
        yield log
    finally:
        subprocess.run(["chattr", "-i", str(log), str(log.parent)], check=True)


def test_a_read_only_log_is_read_and_an_answer_warns_it_was_not_logged(read_only_log: Path) -> None:
    shown = run_cli("logs")
    assert shown.returncode == 0, shown.stderr
    assert "> first question" in shown.stdout
    continued = run_cli("-c", "and then?")
    assert continued.returncode == 0, continued.stderr
    assert continued.stdout.strip() == 'Hello! You said: "and then?"'
    assert f"warning: the exchange was not logged ({read_only_log})" in continued.stderr
    assert "Traceback" not in shown.stderr + continued.stderr


def test_a_damaged_log_is_one_line_and_exit_1(data_home: Path) -> None:
    log = log_of(data_home)
    log.parent.mkdir(parents=True)
    log.write_bytes(b"this is not an SQLite database, it was overwritten" * 100)
    for args in (("logs",), ("-c", "more")):
        result = run_cli(*args)
        assert result.returncode == 1, result.stderr
        assert result.stderr.splitlines()[-1] == f"error: cannot read the log {log}: file is not a database"
        assert "Traceback" not in result.stderr


# The log's database refuses to grow past its current size, as SQLite does on a full disk.
FULL_LOG = """
import sqlite3, sys
from langchain_openrouter_responses.cli import store
from langchain_openrouter_responses.cli.main import main

class FullDisk(sqlite3.Connection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pages = self.execute("PRAGMA page_count").fetchone()[0]
        self.execute(f"PRAGMA max_page_count = {max(pages, 1)}")

connect = sqlite3.connect
store.sqlite3.connect = lambda *args, **kwargs: connect(*args, factory=FullDisk, **kwargs)
raise SystemExit(main(sys.argv[1:]))
"""


def test_a_full_log_disk_warns_what_happened(data_home: Path) -> None:
    assert run_cli("a first question fills the log's pages").returncode == 0
    long_prompt = "a question long enough to need a new page " * 200
    result = run_python("-c", FULL_LOG, long_prompt)
    assert result.returncode == 0, result.stderr
    warning = f"warning: the exchange was not logged ({log_of(data_home)}): database or disk is full"
    assert warning in result.stderr.splitlines()
    assert "cannot rollback" not in result.stderr
