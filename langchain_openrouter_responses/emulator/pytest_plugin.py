"""A pytest fixture that runs the emulator for one test, and fails the test on emulator faults.

Enable it in your top-level `conftest.py`:

```python
pytest_plugins = ["langchain_openrouter_responses.emulator.pytest_plugin"]
```

(or with `-p langchain_openrouter_responses.emulator.pytest_plugin`), then ask for
`openrouter_emulator` in a test and point the model at `openrouter_emulator.base_url` with
`openrouter_emulator.api_key`.

After each test, every `Emulator` the test received as a fixture is checked: an exception
raised while answering a request (by the emulator or your `responder`) fails the test with its
traceback, even though the client only saw a 500; so do replies queued and never used. Mark a
test `@pytest.mark.allow_unused_replies` when leaving replies queued is intended.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator

import pytest

from langchain_openrouter_responses.emulator.app import Emulator, EmulatorCheckError

UNUSED_MARKER = "allow_unused_replies"


def pytest_configure(config: pytest.Config) -> None:
    """Register the opt-out marker."""
    config.addinivalue_line("markers", f"{UNUSED_MARKER}: replies left queued in the emulator do not fail the test")


@pytest.fixture
def openrouter_emulator() -> Iterator[Emulator]:
    """Yield a running emulator on a free loopback port; stop it afterwards.

    Yields:
        The emulator.
    """
    with Emulator() as emulator:
        yield emulator


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """After the test body, verify each emulator it used (faults, unused replies).

    A test that already failed keeps its own error; the emulator's report is attached as a note.

    Yields:
        Control to the test body.
    """
    emulators = _emulators(item)
    allow_unused = item.get_closest_marker(UNUSED_MARKER) is not None
    try:
        outcome = yield
    except BaseException as failure:
        for emulator in emulators:
            try:
                emulator.verify(allow_unused_replies=allow_unused)
            except AssertionError as report:
                failure.add_note(str(report))
        raise
    reports = []
    for emulator in emulators:
        try:
            emulator.verify(allow_unused_replies=allow_unused)
        except EmulatorCheckError as report:
            reports.append(str(report))
    if reports:
        pytest.fail("\n".join(reports), pytrace=False)
    return outcome


def _emulators(item: pytest.Item) -> list[Emulator]:
    values = getattr(item, "funcargs", {}).values()
    unique = {id(value): value for value in values if isinstance(value, Emulator)}
    return list(unique.values())
