"""Attachments are checked before anything starts: a type OpenRouter does not take, a file too large to send."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from langchain_openrouter_responses.cli.attach import MAX_ATTACHMENT_BYTES
from tests.unit_tests.test_cli import run_cli

pytestmark = pytest.mark.usefixtures("data_home")
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(28)


def refused(*args: str) -> str:
    result = run_cli(*args, "describe it")
    assert result.returncode == 2, result.stderr
    assert "[offline" not in result.stderr, "nothing started, nothing sent"
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    return result.stderr


def test_an_unknown_type_is_refused_with_the_attach_type_hint(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(os.urandom(64))
    message = refused("-a", str(junk))
    assert message.startswith(f"error: cannot attach {junk} as application/octet-stream: OpenRouter takes images")
    assert f"if it is one of those, name its type: --attach-type {junk} MIME" in message


def test_an_attach_type_openrouter_does_not_take_is_refused(tmp_path: Path) -> None:
    clip = tmp_path / "clip.bin"
    clip.write_bytes(WAV)
    message = refused("--attach-type", str(clip), "text/banana")
    assert f"cannot attach {clip} as text/banana" in message
    assert "give one of those with --attach-type" in message


def test_a_file_too_large_is_refused_from_its_size_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.png"
    with huge.open("wb") as file:  # a sparse file: its size without the disk space
        file.write(b"\x89PNG\r\n\x1a\n")
        file.truncate(MAX_ATTACHMENT_BYTES + 1)
    message = refused("-m", "openai/gpt-4o", "-a", str(huge))
    assert f"{huge} is 52 MB; the command sends files up to 50 MiB" in message


def test_the_audio_refusal_names_the_models_flag(tmp_path: Path) -> None:
    clip = tmp_path / "clip.wav"
    clip.write_bytes(WAV)
    message = refused("-m", "openai/gpt-oss-20b", "-a", str(clip))
    assert "does not accept audio" in message
    assert "(see `openrouter-responses models --audio`)" in message
