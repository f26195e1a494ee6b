"""scripts/spec_drift.py: its generated docs tables and spec list are current, and it reports honestly."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("spec_drift", ROOT / "scripts" / "spec_drift.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["spec_drift"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


DRIFT = _load()


@pytest.fixture(scope="module")
def sections() -> dict[str, list]:
    return DRIFT.sections()


def test_the_docs_tables_are_generated_from_the_installed_sdk(sections: dict[str, list]) -> None:
    page = DRIFT.PAGE.read_text(encoding="utf-8")
    assert DRIFT.page_with(DRIFT.markdown(sections), page) == page, "run: python scripts/spec_drift.py --write-docs"


def test_the_spec_list_is_generated_from_the_installed_sdk(sections: dict[str, list]) -> None:
    assert json.loads(DRIFT.SPEC.read_text(encoding="utf-8")) == DRIFT.spec_list(sections), (
        "run: python scripts/spec_drift.py --write-docs"
    )


def test_every_row_has_a_known_status_and_a_reason(sections: dict[str, list]) -> None:
    for rows in sections.values():
        assert rows
        for row in rows:
            assert row.status in DRIFT.STATUSES
            assert row.how


def test_what_the_package_types_is_derived_from_the_package(sections: dict[str, list]) -> None:
    rows = {(title, row.name): row for title, section in sections.items() for row in section}
    assert rows["Request field", "max_output_tokens"].how.startswith("`max_tokens`")
    assert rows["Request field", "metadata"].how == "`request_metadata`"
    assert rows["Plugin", "auto-router"].status == "typed"
    assert rows["Plugin option", "auto-router.cost_tier"].status == "typed"
    assert rows["Plugin option", "web.x_search"].status == "typed"
    assert rows["Plugin", "armor"].status == "passthrough"
    assert rows["Stream event", "response.output_text.delta"].status == "typed"
    assert "route" not in {row.name for row in sections["Request field"]}


def test_the_last_line_counts_the_unhandled_and_names_the_sdk(capsys: pytest.CaptureFixture[str]) -> None:
    code = DRIFT.main([])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    unhandled = sum(row.status == "unhandled" for rows in DRIFT.sections().values() for row in rows)
    assert last == f"spec drift: {unhandled} unhandled (openrouter {DRIFT.version('openrouter')})"
    assert code == (1 if unhandled else 0)
