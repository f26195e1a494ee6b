"""Hypothesis profiles and the SDK conformance check for the whole suite (tests/ and integration_tests/).

`ci` (the default) is derandomised: the test command draws the same examples on every run, so a
failure reproduces and a green run means the same thing each time. `deep` draws fresh examples,
many more of them: `HYPOTHESIS_PROFILE=deep python -m uv run pytest -p no:randomly tests/...`
(docs/contributing.md). A test's own `@settings(max_examples=...)` wins over the profile's count,
so property tests that should grow under `deep` leave `max_examples` to the profile.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from langchain_openrouter_responses.emulator.conformance import ConformanceCheck, install_conformance_check

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "deep",
    max_examples=5000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


class _SdkConformanceOnFirstUse:
    """`tests.sdk_conformance.SdkConformance`, imported when the first emulator starts.

    Importing the SDK takes seconds; test runs that start no emulator do not pay for it.
    """

    def __init__(self) -> None:
        self._check: ConformanceCheck | None = None
        self.suspended_for: str | None = None
        """Why the running test sends what the SDK refuses on purpose (`sdk_nonconforming`), or None."""

    def prepare(self) -> None:
        self._loaded().prepare()

    def request_problems(self, body: dict[str, Any]) -> list[str]:
        return [] if self.suspended_for else self._loaded().request_problems(body)

    def response_problems(self, status: int, content_type: str, body: bytes) -> list[str]:
        return [] if self.suspended_for else self._loaded().response_problems(status, content_type, body)

    def _loaded(self) -> ConformanceCheck:
        if self._check is None:
            from tests.sdk_conformance import SdkConformance  # noqa: PLC0415

            self._check = SdkConformance()
        return self._check


# Every request the suite sends to an emulator, and every response an emulator builds, is checked
# against OpenRouter's official SDK (tests/sdk_conformance.py); a mismatch fails the test.
SDK_CONFORMANCE = _SdkConformanceOnFirstUse()
install_conformance_check(SDK_CONFORMANCE)
NONCONFORMING = "sdk_nonconforming"


def pytest_configure(config: pytest.Config) -> None:
    """Register the opt-out marker of the SDK conformance check."""
    config.addinivalue_line(
        "markers",
        f"{NONCONFORMING}(reason): the test sends, on purpose, a request OpenRouter's SDK refuses; its emulator "
        "traffic is not checked against the SDK",
    )


@pytest.fixture(autouse=True)
def _sdk_conformance_opt_out(request: pytest.FixtureRequest) -> Iterator[None]:
    marker = request.node.get_closest_marker(NONCONFORMING)
    if marker is None:
        yield
        return
    if not marker.args or not str(marker.args[0]).strip():
        raise pytest.UsageError(f"@pytest.mark.{NONCONFORMING} needs a reason")
    SDK_CONFORMANCE.suspended_for = str(marker.args[0])
    try:
        yield
    finally:
        SDK_CONFORMANCE.suspended_for = None
