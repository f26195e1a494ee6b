"""Hypothesis profiles for the whole suite (tests/ and integration_tests/).

`ci` (the default) is derandomised: the test command draws the same examples on every run, so a
failure reproduces and a green run means the same thing each time. `deep` draws fresh examples,
many more of them: `HYPOTHESIS_PROFILE=deep python -m uv run pytest -p no:randomly tests/...`
(docs/contributing.md). A test's own `@settings(max_examples=...)` wins over the profile's count,
so property tests that should grow under `deep` leave `max_examples` to the profile.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

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
