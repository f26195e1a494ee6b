"""The emulator as a separate server process, so its CPU is not charged to the contenders."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

API_KEY = "sk-or-emulator"
RESPONDER = "benchmarks.bench_responder:bench_reply"
COMMAND = ("-m", "langchain_openrouter_responses.emulator", "--port", "0", "--quiet", "--responder", RESPONDER)
BANNER = "listening on "


@contextmanager
def emulator_process() -> Iterator[str]:
    """Start the emulator with the benchmark responder (``--responder RESPONDER``) on a free port.

    Yields:
        The API base URL it prints, e.g. ``http://127.0.0.1:54321/api/v1``.

    Raises:
        RuntimeError: The server did not announce its URL.
    """
    proc = subprocess.Popen([sys.executable, *COMMAND], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if BANNER not in line:
            raise RuntimeError(f"the emulator did not start (it printed {line!r})")
        yield line.split(BANNER, 1)[1].strip()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def warm_prerendered(url: str, *sizes: int) -> None:
    """Ask the server for each pre-rendered stream once, so no timed request pays for rendering it."""
    import httpx  # noqa: PLC0415

    headers = {"Authorization": f"Bearer {API_KEY}"}
    with httpx.Client(base_url=url, headers=headers, timeout=600) as client:
        for size in sizes:
            body = {"model": "openai/gpt-4o-mini", "input": f"bench prerendered {size}", "stream": True}
            with client.stream("POST", "/responses", json=body) as response:
                for _ in response.iter_bytes():
                    pass
