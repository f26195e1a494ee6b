"""`python -m langchain_openrouter_responses`: the command-line chat."""

from langchain_openrouter_responses.cli.main import main

raise SystemExit(main())
