"""`-T/--tool`: OpenRouter's server tools bound from the command line, as `llm -T` binds tools."""

from __future__ import annotations

import json
import typing
from collections.abc import Iterator
from typing import Any

import pytest

from langchain_openrouter_responses.cli.tools import SERVER_TOOLS, ToolError, parse_tools
from langchain_openrouter_responses.emulator import Emulator
from tests.unit_tests.test_cli import run_cli
from tests.unit_tests.test_cli_terminal import Terminal, environment

pytestmark = pytest.mark.usefixtures("data_home")
SEARCH = "openrouter:web_search"
URL = "https://search.example/results?q=latest+python"


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator() as running:
        yield running


def env_for(emulator: Emulator) -> dict[str, str]:
    return {"OPENROUTER_BASE_URL": emulator.base_url, "OPENROUTER_API_KEY": emulator.api_key or "key"}


def sent_tools(emulator: Emulator, index: int = -1) -> Any:
    return emulator.requests[index].json.get("tools")


def test_a_server_tool_with_parameters_is_sent_and_its_sources_follow_the_answer(emulator: Emulator) -> None:
    result = run_cli("--tool", f'{SEARCH}={{"max_results": 3}}', "latest python", extra_env=env_for(emulator))
    assert result.returncode == 0, result.stderr
    assert sent_tools(emulator) == [{"type": SEARCH, "parameters": {"max_results": 3}}]
    answer, _, sources = result.stdout.partition("\n\nSources:\n")
    assert answer.endswith("[1] [2] [3]")
    assert sources.splitlines() == [
        f"[1] Emulated search result: {URL}",
        f"[2] Emulated search result 2: {URL}&page=2",
        f"[3] Emulated search result 3: {URL}&page=3",
    ]


def test_tools_repeat_and_json_and_the_log_keep_the_sources(emulator: Emulator) -> None:
    env = env_for(emulator)
    result = run_cli("--json", "-T", SEARCH, "-T", "openrouter:datetime", "latest python", extra_env=env)
    assert result.returncode == 0, result.stderr
    assert sent_tools(emulator) == [{"type": SEARCH}, {"type": "openrouter:datetime"}]
    payload = json.loads(result.stdout)
    assert payload["sources"][0] == {"url": URL, "title": "Emulated search result"}
    assert len(payload["sources"]) == 5, "OpenRouter's default of five results"
    logged = json.loads(run_cli("logs", "--json").stdout)[-1]
    assert logged["sources"] == payload["sources"]
    assert logged["options"]["tools"] == [{"type": SEARCH}, {"type": "openrouter:datetime"}]
    assert f"[1] Emulated search result: {URL}" in run_cli("logs").stdout


def test_plain_output_and_no_stream_list_the_sources_too(emulator: Emulator) -> None:
    result = run_cli("--no-stream", "--color", "never", "-T", SEARCH, "latest python", extra_env=env_for(emulator))
    assert result.returncode == 0, result.stderr
    assert emulator.requests[-1].json.get("stream") is not True
    assert f"\n\nSources:\n[1] Emulated search result: {URL}\n" in result.stdout


def test_continuing_a_searched_conversation_sends_the_tool_again_only_when_given(emulator: Emulator) -> None:
    env = env_for(emulator)
    assert run_cli("-T", SEARCH, "latest python", extra_env=env).returncode == 0
    follow_up = run_cli("-c", "-T", SEARCH, "and its release date?", extra_env=env)
    assert follow_up.returncode == 0, follow_up.stderr
    assert sent_tools(emulator) == [{"type": SEARCH}]
    replayed = [item.get("type") for item in emulator.requests[-1].json["input"]]
    assert SEARCH in replayed, "the first turn's search item is replayed with the history"
    assert "Sources:\n[1] Emulated search result: https://search.example/results?q=and+its+release+date" in (
        follow_up.stdout
    )
    plain = run_cli("-c", "thanks", extra_env=env)
    assert plain.returncode == 0, plain.stderr
    assert sent_tools(emulator) is None, "-c binds only the tools given on its own command line"


@pytest.mark.sdk_nonconforming("a server tool newer than the locked SDK's schema, which the CLI binds as given")
def test_a_whole_json_tool_is_sent_as_given(emulator: Emulator) -> None:
    tool = {"type": "openrouter:brand_new", "parameters": {"level": 2}}
    result = run_cli("--tool", json.dumps(tool), "hi", extra_env=env_for(emulator))
    assert result.returncode == 0, result.stderr
    assert sent_tools(emulator) == [tool]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("openrouter:websearch", "is not an OpenRouter server tool; did you mean openrouter:web_search?"),
        ("web_search", "did you mean openrouter:web_search?"),
        ("openrouter:nothing_like_it", "is not an OpenRouter server tool. Known tools: openrouter:advisor, "),
        (f"{SEARCH}=[3]", "the parameters after '=' must be a JSON object"),
        (f"{SEARCH}={{max_results: 3}}", "the parameters after '=' are not JSON"),
        ('{"parameters": {}}', "a JSON tool needs a string 'type'"),
    ],
)
def test_a_wrong_tool_is_a_usage_error_and_nothing_is_sent(emulator: Emulator, value: str, words: str) -> None:
    result = run_cli("--tool", value, "hi", extra_env=env_for(emulator))
    assert result.returncode == 2
    assert result.stderr.startswith("error: --tool ")
    assert words in result.stderr
    assert emulator.requests == []


def test_a_server_tool_given_twice_is_refused() -> None:
    with pytest.raises(ToolError, match="given 2 times"):
        parse_tools([SEARCH, f'{SEARCH}={{"max_results": 2}}'])


def test_a_chat_sends_the_tools_with_every_message() -> None:
    with Emulator() as emulator:
        terminal = Terminal("-T", SEARCH, env=environment(**env_for(emulator)))
        try:
            terminal.expect("[chatting with openai/gpt-oss-20b and openrouter:web_search: /help for commands")
            terminal.expect("you> ")
            terminal.send("latest python\r")
            first = terminal.expect("you> ")
            terminal.send("what changed?\r")
            second = terminal.expect("you> ")
            terminal.send("/exit\r")
            assert terminal.wait() == 0
        finally:
            terminal.close()
        tools = [request.json.get("tools") for request in emulator.requests]
    assert f"Sources:\n[1] Emulated search result: {URL}\n" in first
    assert "Sources:\n[1] Emulated search result: https://search.example/results?q=what+changed" in second
    assert tools == [[{"type": SEARCH}], [{"type": SEARCH}]]


def test_the_server_tool_list_matches_openrouters_request_schema() -> None:
    union = pytest.importorskip("openrouter.components.responsesrequest").ResponsesRequestToolUnion
    members = typing.get_args(typing.get_args(union)[0])
    tags = {str(meta.tag) for member in members for meta in getattr(member, "__metadata__", ())}
    assert tags, "the SDK's tool union has changed shape"
    assert set(SERVER_TOOLS) == {tag for tag in tags if tag.startswith("openrouter:")}
