"""`python -m langchain_openrouter_responses`: the command-line chat."""

from langchain_openrouter_responses.cli import main

raise SystemExit(main())
