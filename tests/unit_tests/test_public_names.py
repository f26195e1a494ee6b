"""The package's public names: every one resolves, and every error class is public."""

from __future__ import annotations

import inspect

import langchain_openrouter_responses as package
from langchain_openrouter_responses._transport import errors


def test_every_public_name_resolves() -> None:
    for name in package.__all__:
        assert getattr(package, name) is not None, name


def test_every_error_class_is_listed_in_both_places() -> None:
    defined = {
        name
        for name, value in vars(errors).items()
        if inspect.isclass(value) and issubclass(value, Exception) and value.__module__ == errors.__name__
    }
    assert len(defined) >= 28  # the classes the package documents today
    assert defined <= set(errors.__all__)
    assert set(errors.__all__) <= set(package.__all__)
    for name in errors.__all__:
        assert getattr(package, name) is getattr(errors, name), name
