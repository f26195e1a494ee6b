"""`openrouter-responses batch`, driven as a user would: a subprocess against a scripted loopback emulator."""

from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from langchain_openrouter_responses.emulator import Emulator, ErrorReply, Reply, text_item

UNSET = ("OPENROUTER_API_KEY", "OPENROUTER_BASE_URL", "NO_COLOR", "OPENROUTER_RESPONSES_NO_LOG")
pytestmark = pytest.mark.usefixtures("data_home")


class Script:
    """Answers `Q<n>` with `A<n>`, counting requests per prompt; `fail`, `throttle_first` and `delay` script it."""

    def __init__(self, *, fail: set[str] = frozenset(), throttle_first: set[str] = frozenset(), delay: float = 0.0):
        self.fail = set(fail)
        self.throttle_first = set(throttle_first)
        self.delay = delay
        self.asked: collections.Counter[str] = collections.Counter()
        self._lock = threading.Lock()

    def __call__(self, body: dict[str, Any], model: str) -> Any:
        prompt = body["input"][-1]["content"]
        with self._lock:
            self.asked[prompt] += 1
            count = self.asked[prompt]
        if prompt in self.fail:
            return ErrorReply.openrouter(400, f"no answer for {prompt}")
        if prompt in self.throttle_first and count == 1:
            return ErrorReply.rate_limited(1)
        return Reply([text_item("A" + prompt[1:])], delay=self.delay)


def write_prompts(path: Path, count: int) -> None:
    path.write_text("".join(json.dumps({"id": f"p{n}", "prompt": f"Q{n}"}) + "\n" for n in range(count)))


def command(emu: Emulator, *args: str) -> tuple[list[str], dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    argv = [sys.executable, "-m", "langchain_openrouter_responses", "batch", *args]
    return [*argv, "--base-url", emu.base_url, "--key", str(emu.api_key), "--progress", "lines"], env


def wait_until(condition: Callable[[], bool], timeout: float = 60) -> None:
    """Poll `condition` until it holds or `timeout` seconds pass (the test's asserts then say what failed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not condition():
        time.sleep(0.02)


def lines_written(path: Path) -> int:
    return path.read_text().count("\n") if path.exists() else 0


def run_batch(emu: Emulator, *args: str) -> subprocess.CompletedProcess[str]:
    argv, env = command(emu, *args)
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=90, check=False)


def start_batch(emu: Emulator, *args: str) -> subprocess.Popen[str]:
    """Start a batch in the background, its output captured (for tests that signal or kill it)."""
    argv, env = command(emu, *args)
    return subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_sixty_prompts_give_sixty_lines_each_with_its_own_answer(tmp_path: Path) -> None:
    write_prompts(tmp_path / "in.jsonl", 60)
    script = Script()
    with Emulator(responder=script) as emu:
        result = run_batch(emu, str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl"), "--json")
        sent = len(emu.requests)
    assert result.returncode == 0, result.stderr
    lines = records(tmp_path / "out.jsonl")
    assert len(lines) == 60
    assert sorted(line["id"] for line in lines) == sorted(f"p{n}" for n in range(60))
    for line in lines:
        assert line["text"] == "A" + line["id"][1:]
        assert line["attempts"] == 1
        assert line["usage"]["output_tokens"] > 0
        assert line["cost"] > 0
        assert line["finish_reason"] == "stop"
    assert sent == 60
    assert set(script.asked.values()) == {1}
    summary = json.loads(result.stdout)
    assert (summary["answered"], summary["failed"], summary["skipped"]) == (60, 0, 0)
    assert "[batch: 60 answered, 0 failed, 0 skipped" in result.stderr


def test_failed_prompts_are_written_with_their_error_and_retried_on_request(tmp_path: Path) -> None:
    write_prompts(tmp_path / "in.jsonl", 12)
    out = tmp_path / "out.jsonl"
    script = Script(fail={"Q3", "Q7"})
    with Emulator(responder=script) as emu:
        first = run_batch(emu, str(tmp_path / "in.jsonl"), "-o", str(out))
        assert first.returncode == 1, first.stderr
        failed = {line["id"]: line for line in records(out) if "error" in line}
        assert set(failed) == {"p3", "p7"}
        assert failed["p3"]["error"]["type"] == "OpenRouterBadRequestError"
        assert failed["p3"]["error"]["status"] == 400
        assert "no answer for Q3" in failed["p3"]["error"]["message"]
        assert sum("error" not in line for line in records(out)) == 10

        again = run_batch(emu, str(tmp_path / "in.jsonl"), "-o", str(out))
        assert again.returncode == 1, "earlier failures still fail the run"
        assert "--retry-failed" in again.stderr
        assert len(emu.requests) == 12, "a plain re-run asks nothing"

        script.fail.clear()
        retried = run_batch(emu, str(tmp_path / "in.jsonl"), "-o", str(out), "--retry-failed")
        assert retried.returncode == 0, retried.stderr
        assert len(emu.requests) == 14, "only the two failed prompts are asked again"
    lines = records(out)
    assert sorted(line["id"] for line in lines) == sorted(f"p{n}" for n in range(12))
    assert all("error" not in line for line in lines)


def test_rate_limits_slow_the_whole_run_and_are_counted(tmp_path: Path) -> None:
    write_prompts(tmp_path / "in.jsonl", 16)
    script = Script(throttle_first={"Q0", "Q1", "Q2"})
    with Emulator(responder=script) as emu:
        result = run_batch(
            emu, str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl"), "--json", "--concurrency", "8"
        )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["rate_limited"] == 3
    assert summary["lowest_concurrency"] == 4, "one back-off window halves the concurrency once"
    assert summary["wall_time"] >= 1.0, "Retry-After: 1 paused the run"
    attempts = {line["id"]: line["attempts"] for line in records(tmp_path / "out.jsonl")}
    assert attempts == {f"p{n}": 2 if n < 3 else 1 for n in range(16)}
    assert "rate-limited 3x" in result.stderr


def test_killed_run_resumes_with_every_id_once(tmp_path: Path) -> None:
    count, concurrency = 60, 4
    write_prompts(tmp_path / "in.jsonl", count)
    out = tmp_path / "out.jsonl"
    script = Script(delay=0.1)
    with Emulator(responder=script) as emu:
        process = start_batch(emu, str(tmp_path / "in.jsonl"), "-o", str(out), "--concurrency", str(concurrency))
        wait_until(lambda: lines_written(out) >= 20)
        process.kill()
        process.communicate(timeout=10)
        written = out.read_text().count("\n")
        assert 20 <= written < count, "killed mid-way"
        with out.open("a") as file:  # as if the kill had torn a line being written
            file.write('{"id": "p59", "model": "openai/gpt-o')
        resumed = run_batch(emu, str(tmp_path / "in.jsonl"), "-o", str(out), "--concurrency", str(concurrency))
    assert resumed.returncode == 0, resumed.stderr
    lines = records(out)
    assert sorted(line["id"] for line in lines) == sorted(f"p{n}" for n in range(count))
    assert all(line["text"] == "A" + line["id"][1:] for line in lines)
    asked_twice = [prompt for prompt, asked in script.asked.items() if asked > 1]
    assert len(asked_twice) <= concurrency, asked_twice
    assert set(script.asked) == {f"Q{n}" for n in range(count)}


def test_sigint_lets_prompts_in_progress_finish_and_leaves_the_output_whole(tmp_path: Path) -> None:
    write_prompts(tmp_path / "in.jsonl", 40)
    out = tmp_path / "out.jsonl"
    script = Script(delay=0.3)
    with Emulator(responder=script) as emu:
        process = start_batch(emu, str(tmp_path / "in.jsonl"), "-o", str(out), "--concurrency", "4", "--json")
        wait_until(lambda: lines_written(out) >= 4)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
        sent = len(emu.requests)
    assert process.returncode == 130, stderr
    assert "[stopping:" in stderr
    lines = records(out)
    assert 4 <= len(lines) < 40
    assert len(lines) == sent, "every prompt that was asked was answered and written"
    summary = json.loads(stdout)
    assert summary["stopped"] == "interrupted"
    assert summary["not_started"] == 40 - len(lines)


def test_a_second_sigint_cancels_prompts_in_progress_and_a_rerun_asks_them_again(tmp_path: Path) -> None:
    write_prompts(tmp_path / "in.jsonl", 12)
    out = tmp_path / "out.jsonl"
    script = Script(delay=4.0)
    with Emulator(responder=script) as emu:
        process = start_batch(emu, str(tmp_path / "in.jsonl"), "-o", str(out), "--concurrency", "4", "--json")
        wait_until(lambda: len(emu.requests) >= 4)
        process.send_signal(signal.SIGINT)
        time.sleep(0.5)
        second = time.monotonic()
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
        waited = time.monotonic() - second
        assert len(emu.requests) == 4, "nothing new started after the first signal"
        assert process.returncode == 130, stderr
        assert waited < 3.0, "the second signal did not wait for the 4 s answers"
        summary = json.loads(stdout)
        assert summary["stopped"] == "cancelled"
        assert not out.exists() or records(out) == [], "cancelled prompts are not recorded"

        script.delay = 0.0
        resumed = run_batch(emu, str(tmp_path / "in.jsonl"), "-o", str(out))
    assert resumed.returncode == 0, resumed.stderr
    assert sorted(line["id"] for line in records(out)) == sorted(f"p{n}" for n in range(12))
    assert all(script.asked[f"Q{n}"] == 2 for n in range(4)), "the cancelled prompts were asked again"


def test_structured_output_per_line_model_and_input_errors(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text(
        json.dumps({"prompt": "Name a colour"})
        + "\n\n"
        + json.dumps({"id": "m", "messages": [{"role": "user", "content": "hi"}], "model": "openai/gpt-4o"})
        + "\n"
    )
    schema = {"type": "object", "properties": {"colour": {"type": "string"}}, "required": ["colour"]}
    with Emulator() as emu:
        result = run_batch(
            emu, str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl"), "--schema", json.dumps(schema)
        )
        bad = tmp_path / "bad.jsonl"
        bad.write_text('{"prompt": "a"}\n{"id": 1, "prompt": "b"}\n')
        duplicate = run_batch(emu, str(bad), "-o", str(tmp_path / "x.jsonl"))
        sent = len(emu.requests)
    assert result.returncode == 0, result.stderr
    by_id = {line["id"]: line for line in records(tmp_path / "out.jsonl")}
    assert set(by_id) == {1, "m"}, "a line without an id is known by its line number"
    assert isinstance(by_id[1]["output"]["colour"], str)
    assert by_id["m"]["model"] == "openai/gpt-4o"
    assert duplicate.returncode == 2
    assert "already used on line 1" in duplicate.stderr
    assert sent == 2


# Runs the command with the output file's writes failing as on a full disk after `after` lines (ENOSPC from
# the file layer: the same OSError a full disk raises, without filling one).
FULL_DISK = """
import errno, sys, time
from langchain_openrouter_responses.batch import files
from langchain_openrouter_responses.cli.main import main

after, lines, write = int(sys.argv[1]), [0], files.JsonlAppender._write

def write_until_full(self, data):
    if lines[0] >= after:
        time.sleep(0.2)  # a write that fails while the run is already stopping
        raise OSError(errno.ENOSPC, "No space left on device")
    lines[0] += data.count(b"\\n")
    write(self, data)

files.JsonlAppender._write = write_until_full
raise SystemExit(main(sys.argv[2:]))
"""


def test_a_full_disk_stops_the_batch_with_its_summary_and_one_line_error(tmp_path: Path) -> None:
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_prompts(source, 40)
    with Emulator(responder=Script(delay=0.05)) as emu:
        argv, env = command(emu, str(source), "-o", str(output), "--concurrency", "16")
        full_disk = [sys.executable, "-c", FULL_DISK, "3", *argv[3:]]
        full = subprocess.run(full_disk, capture_output=True, text=True, env=env, timeout=90, check=False)
        resumed = run_batch(emu, str(source), "-o", str(output))
    assert full.returncode == 1, full.stderr
    assert "Traceback" not in full.stderr
    assert "never retrieved" not in full.stderr
    errors = [line for line in full.stderr.splitlines() if line.startswith("error:")]
    expected = (
        f"error: cannot write {output}: No space left on device; the lines already in it are whole: "
        "free some space and run the same command again to resume"
    )
    assert errors == [expected]
    assert "answered" in full.stderr.split("error:")[0], "the summary is printed first"
    assert resumed.returncode == 0, resumed.stderr
    assert sorted(record["id"] for record in records(output)) == sorted(f"p{n}" for n in range(40))


def test_schema_multi_gives_each_line_a_list_of_items(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "a", "prompt": "Name three colours"}) + "\n")
    schema = {"type": "object", "properties": {"colour": {"type": "string"}}, "required": ["colour"]}
    with Emulator() as emu:
        result = run_batch(
            emu, str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl"), "--schema-multi", json.dumps(schema)
        )
        sent = emu.requests[-1].json["text"]["format"]["schema"]
        both = run_batch(
            emu,
            str(tmp_path / "in.jsonl"),
            "-o",
            str(tmp_path / "other.jsonl"),
            "--schema",
            json.dumps(schema),
            "--schema-multi",
            json.dumps(schema),
        )
    assert result.returncode == 0, result.stderr
    (line,) = records(tmp_path / "out.jsonl")
    assert all(isinstance(item["colour"], str) for item in line["output"]["items"])
    assert sent["properties"]["items"] == {"type": "array", "items": schema}
    assert both.returncode == 2
    assert "give --schema (one object) or --schema-multi (a list of them), not both" in both.stderr
