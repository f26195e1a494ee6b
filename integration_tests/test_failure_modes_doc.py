"""docs/failure-modes.md names, per call path, the class the code raises for a bad 200 answer (issue 21, defect 12)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from langchain_openrouter_responses import ChatOpenRouterResponses, OpenRouterError
from langchain_openrouter_responses.emulator import Emulator, ErrorReply

PAGE = Path(__file__).resolve().parents[1] / "docs" / "failure-modes.md"

FAILED = {"id": "gen-1", "status": "failed", "output": [], "error": {"code": "server_error", "message": "x"}}
RATE_LIMITED = {**FAILED, "error_type": "rate_limit_exceeded"}
CASES = {
    "empty body": ("A 200 whose body is empty or not JSON", b""),
    "not JSON": ("A 200 whose body is empty or not JSON", b"<html>oops</html>"),
    "failed, no type": ("A 200 with a failed response or an error body", FAILED),
    "failed, rate limit": ("A 200 with a failed response or an error body", RATE_LIMITED),
    "unexpected shape": ("A body or event with an unexpected shape", {"id": "gen-1", "output": [None]}),
}
SSE_CASES = {
    "failed event": (
        "A 200 with a failed response or an error body",
        b'data: {"type":"response.failed","response":' + str(RATE_LIMITED).replace("'", '"').encode() + b"}\n\n",
    ),
    "unexpected event": (
        "A body or event with an unexpected shape",
        b'data: {"type":"response.output_text.delta","delta":5}\n\n',
    ),
}


def documented_classes(row_label: str, path: str) -> list[str]:
    """The classes a row of the faults table names for `invoke` or `stream`, in order."""
    rows = [line for line in PAGE.read_text().splitlines() if line.startswith(f"| {row_label} |")]
    assert len(rows) == 1, f"docs/failure-modes.md has no single row {row_label!r}"
    raised = rows[0].split(" | ")[1]
    cell = re.search(rf"`{path}`: (.*?)(;\s*`(?:invoke|stream)`:|$)", raised)
    assert cell, f"the row {row_label!r} does not say what `{path}` raises: {raised!r}"
    return re.findall(r"`(OpenRouter\w+)`", cell.group(1))


def raised_by(call: Any) -> str:
    with pytest.raises(OpenRouterError) as caught:
        call()
    return type(caught.value).__name__


@pytest.mark.parametrize(("label", "body"), CASES.values(), ids=CASES.keys())
def test_invoke_raises_the_class_the_page_names(
    emulator: Emulator, llm: ChatOpenRouterResponses, label: str, body: Any
) -> None:
    emulator.queue(ErrorReply(200, body, content_type="application/json"))
    assert raised_by(lambda: llm.invoke("hi")) in documented_classes(label, "invoke")


@pytest.mark.parametrize(("label", "body"), [*CASES.values(), *SSE_CASES.values()], ids=[*CASES, *SSE_CASES])
def test_stream_raises_the_class_the_page_names(
    emulator: Emulator, llm: ChatOpenRouterResponses, label: str, body: Any
) -> None:
    is_sse = isinstance(body, bytes) and body.startswith(b"data:")
    emulator.queue(ErrorReply(200, body, content_type="text/event-stream" if is_sse else "application/json"))
    assert raised_by(lambda: list(llm.stream("hi"))) in documented_classes(label, "stream")


def test_an_unreadable_invoke_body_is_a_response_error_first() -> None:
    # The generic class comes first in the cell, so the page cannot name the stream class for invoke.
    assert documented_classes("A 200 whose body is empty or not JSON", "invoke")[0] == "OpenRouterResponseError"
