"""The `openrouter-responses` command line: it uses only the public API."""

from langchain_openrouter_responses.cli.main import main

__all__ = ["main"]
