"""The API key: where it comes from, and the error when there is none."""

from __future__ import annotations

from langchain_core.exceptions import ModelAuthenticationError
from pydantic import SecretStr


class MissingAPIKeyError(ModelAuthenticationError):
    """No usable OpenRouter API key was configured (none, or an empty one)."""

    def __init__(self, problem: str = "No OpenRouter API key") -> None:
        """Build the error; its message says how to set the key.

        Args:
            problem: What is wrong with the key, leading the message.
        """
        super().__init__(
            f"{problem}: set the OPENROUTER_API_KEY environment variable or pass api_key= to ChatOpenRouterResponses."
        )


def resolve_api_key(api_key: SecretStr | str | None) -> str:
    """Return the key as text, refusing a missing or blank one before any request.

    Args:
        api_key: The configured or per-call key.

    Returns:
        The key.

    Raises:
        MissingAPIKeyError: The key is missing, empty or only whitespace.
    """
    if api_key is None:
        raise MissingAPIKeyError
    key = api_key.get_secret_value() if isinstance(api_key, SecretStr) else str(api_key)
    if not key.strip():
        raise MissingAPIKeyError("The OpenRouter API key is empty")
    return key
