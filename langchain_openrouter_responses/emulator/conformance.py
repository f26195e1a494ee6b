"""An optional schema check of what the emulator receives and sends, installed by a test suite.

The emulator knows OpenRouter's shapes only as its own code builds them. A test suite that has a
schema of the live service (this project's uses OpenRouter's official SDK, a development
dependency) installs a `ConformanceCheck` with `install_conformance_check`; every `Emulator` then
passes it each admitted request body and each response the emulator built itself, and records
every problem it reports as a `Fault`, which fails the test. Nothing here imports a schema: users
of the emulator do not need one, and without a check installed nothing is checked.
"""

from __future__ import annotations

from typing import Any, Protocol


class ConformanceCheck(Protocol):
    """Finds where a request or a response differs from the service's published schema."""

    def prepare(self) -> None:
        """Load the schema; `Emulator.start` calls it, so the first request does not wait for it."""
        ...

    def request_problems(self, body: dict[str, Any]) -> list[str]:
        """Return one message per problem of an admitted `POST /responses` body (empty: conforms)."""
        ...

    def response_problems(self, status: int, content_type: str, body: bytes) -> list[str]:
        """Return one message per problem of a response body the emulator built (JSON or SSE)."""
        ...


_installed: list[ConformanceCheck] = []


def install_conformance_check(check: ConformanceCheck | None) -> None:
    """Check every emulator's traffic with `check` from now on (`None` removes the check).

    Args:
        check: The schema check, or `None`.
    """
    _installed.clear()
    if check is not None:
        _installed.append(check)


def installed_check() -> ConformanceCheck | None:
    """The check installed by `install_conformance_check`, or `None`."""
    return _installed[0] if _installed else None
