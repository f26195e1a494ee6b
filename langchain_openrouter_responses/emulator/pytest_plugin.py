"""A pytest fixture that runs the emulator for one test.

Enable it in a `conftest.py`:

```python
pytest_plugins = ["langchain_openrouter_responses.emulator.pytest_plugin"]
```

then ask for `openrouter_emulator` in a test and point the model at
`openrouter_emulator.base_url` with `openrouter_emulator.api_key`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from langchain_openrouter_responses.emulator.emulator import Emulator


@pytest.fixture
def openrouter_emulator() -> Iterator[Emulator]:
    """Yield a running emulator on a free loopback port; stop it afterwards.

    Yields:
        The emulator.
    """
    with Emulator() as emulator:
        yield emulator
