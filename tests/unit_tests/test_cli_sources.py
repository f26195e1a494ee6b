"""Web-search sources on the command line: listed after the answer, in --json and in the log."""

from __future__ import annotations

import json

import pytest

from langchain_openrouter_responses.cli.sources import cited_sources, sources_text
from tests.unit_tests.test_cli import run_cli

pytestmark = pytest.mark.usefixtures("data_home")
ONLINE = "openai/gpt-4o:online"
URL = "https://search.example/results?q=latest+python"


def test_the_answer_is_followed_by_the_urls_it_cites() -> None:
    result = run_cli("-m", ONLINE, "latest python")
    assert result.returncode == 0, result.stderr
    answer, _, sources = result.stdout.partition("\n\nSources:\n")
    assert answer.endswith("[1]")
    assert sources == f"[1] Emulated search result: {URL}\n"


def test_json_and_the_log_keep_the_sources() -> None:
    payload = json.loads(run_cli("--json", "-m", ONLINE, "latest python").stdout)
    assert payload["sources"] == [{"url": URL, "title": "Emulated search result"}]
    shown = run_cli("logs").stdout
    assert f"[1] Emulated search result: {URL}" in shown
    logged = json.loads(run_cli("logs", "--json").stdout)
    assert logged[-1]["sources"] == payload["sources"]


def test_an_answer_without_citations_lists_no_sources() -> None:
    result = run_cli("hi")
    assert "Sources" not in result.stdout
    assert json.loads(run_cli("--json", "hi").stdout)["sources"] == []


def test_each_url_is_listed_once_in_order_of_first_citation() -> None:
    content = [
        {"type": "text", "annotations": [{"type": "citation", "url": "https://b.example", "title": "B"}]},
        {"type": "output_text", "annotations": [{"type": "url_citation", "url": "https://a.example"}]},
        {"extras": {"item": {"annotations": [{"type": "url_citation", "url": "https://b.example", "title": "B"}]}}},
        {"type": "citation", "url": ""},
    ]
    sources = cited_sources(content)
    assert sources == [{"url": "https://b.example", "title": "B"}, {"url": "https://a.example", "title": ""}]
    assert sources_text(sources) == "Sources:\n[1] B: https://b.example\n[2] https://a.example"
    assert sources_text([]) == ""
