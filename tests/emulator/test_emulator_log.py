"""The emulator's request log never shows the API key."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request

SECRET = "sk-or-v1-log-secret-0123456789"


def test_cli_request_log_has_no_key_material() -> None:
    command = [sys.executable, "-m", "langchain_openrouter_responses.emulator", "--port", "0", "--api-key", SECRET]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().rsplit(" ", 1)[-1].strip()
        body = json.dumps({"model": "openai/gpt-4o-mini", "input": "hi"}).encode()
        assert [post(f"{base_url}/responses", body, bearer) for bearer in (SECRET, "sk-or-wrong-key")] == [200, 401]
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert "POST /api/v1/responses" in stderr
    assert SECRET not in stderr
    assert "sk-or-wrong-key" not in stderr


def post(url: str, body: bytes, bearer: str) -> int:
    headers = {"Authorization": f"Bearer {bearer}", "Content-Type": "application/json"}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers), timeout=10) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
