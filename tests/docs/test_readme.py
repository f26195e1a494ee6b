"""The README's first steps work as written: its offline recipe runs its first snippet, its error names import."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.DOTALL | re.MULTILINE)


def blocks(language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(README) if lang == language]


def test_the_offline_recipe_follows_the_first_snippet_and_runs_it() -> None:
    first_snippet = blocks("python")[0]
    after = README.split(first_snippet, 1)[1]
    recipe = next(body for body in blocks("bash") if body in after[:2000])
    lines = [shlex.split(line, comments=True) for line in recipe.splitlines() if line.strip()]
    start = next(words for words in lines if words[:2] == ["python", "-m"])
    exports = dict(word.split("=", 1) for words in lines if words[:1] == ["export"] for word in words[1:])
    assert set(exports) == {"OPENROUTER_BASE_URL", "OPENROUTER_API_KEY"}
    port = start[start.index("--port") + 1]
    assert exports["OPENROUTER_BASE_URL"] == f"http://127.0.0.1:{port}/api/v1"

    free_port = "0"  # the README's port may be taken here: the emulator picks one and prints its address
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENROUTER_")}
    command = [sys.executable, *start[1:]]
    command[command.index("--port") + 1] = free_port
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as emulator:
        try:
            assert emulator.stdout is not None
            announced = emulator.stdout.readline()
            base_url = announced.rsplit(" ", 1)[-1].strip()
            assert announced == f"OpenRouter emulator listening on {base_url}\n"
            assert base_url.endswith("/api/v1"), "the printed address is what OPENROUTER_BASE_URL takes"
            env |= exports | {"OPENROUTER_BASE_URL": base_url}
            result = subprocess.run(
                [sys.executable, "-c", first_snippet], capture_output=True, text=True, env=env, timeout=60, check=False
            )
        finally:
            emulator.terminate()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), "the snippet printed its answer"


def test_every_exception_the_readme_catches_says_where_it_comes_from() -> None:
    caught = set(re.findall(r"except (Model\w+Error)", README))
    assert caught
    for name in caught:
        assert re.search(rf"from langchain_core\.exceptions import [\w, ]*\b{name}\b", README), name
        exec(f"from langchain_core.exceptions import {name}", {})  # noqa: S102 - the README's import works
