"""A base URL without /api/v1 answers 404: the error says so, in the library and on the command line."""

from __future__ import annotations

import pytest

from langchain_openrouter_responses import ChatOpenRouterResponses, OpenRouterNotFoundError
from langchain_openrouter_responses.emulator import Emulator, ErrorReply
from tests.unit_tests.test_cli import run_cli

HINT = "The base URL probably lacks /api/v1: the request went to /responses"


def test_a_base_url_without_api_v1_gets_a_hint_about_the_url() -> None:
    with Emulator() as emulator:
        base_url = emulator.base_url.removesuffix("/api/v1")
        llm = ChatOpenRouterResponses(base_url=base_url, api_key=emulator.api_key or "key", max_retries=0)
        with pytest.raises(OpenRouterNotFoundError) as caught:
            llm.invoke("hi")
    assert HINT in str(caught.value)
    assert "model slug" not in str(caught.value)


def test_a_404_from_the_right_base_url_keeps_the_model_hint() -> None:
    with Emulator() as emulator:
        emulator.queue(ErrorReply.openrouter(404, "No endpoints found for acme/model."))
        llm = ChatOpenRouterResponses(base_url=emulator.base_url, api_key=emulator.api_key or "key", max_retries=0)
        with pytest.raises(OpenRouterNotFoundError) as caught:
            llm.invoke("hi")
    assert "Check the model slug" in str(caught.value)
    assert "/api/v1" not in str(caught.value)


@pytest.mark.usefixtures("data_home")
def test_the_command_line_says_the_base_url_lacks_api_v1() -> None:
    with Emulator() as emulator:
        result = run_cli("--base-url", emulator.base_url.removesuffix("/api/v1"), "hi")
    assert result.returncode == 1
    assert HINT in result.stderr
    assert "Traceback" not in result.stderr
