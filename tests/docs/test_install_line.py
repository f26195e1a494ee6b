"""The install command the docs show is one that works today: from a clone, until a release exists."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DISTRIBUTION = PYPROJECT["project"]["name"]
SHELL_BLOCK = re.compile(r"^ *```(?:bash|sh|console|shell)\n(.*?)^ *```", re.DOTALL | re.MULTILINE)
# Where a new user meets an install command: the README, every docs page, and the class docstring
# the API page renders.
PAGES = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").rglob("*.md")),
    ROOT / "langchain_openrouter_responses" / "chat_models.py",
]


def install_commands(text: str) -> list[list[str]]:
    """Every `pip install ...` command in the text's shell blocks, split into words."""
    commands = []
    for block in SHELL_BLOCK.findall(text):
        for line in block.splitlines():
            for command in line.split("&&"):
                if "pip install" not in command:
                    continue
                words = shlex.split(command, comments=True)
                if words[:2] == ["pip", "install"]:
                    commands.append(words[2:])
    return commands


def project_targets(arguments: list[str]) -> list[str]:
    """The arguments that name this project (a path into the clone, or the distribution name)."""
    return [word for word in arguments if not word.startswith("-") and (word.startswith(".") or DISTRIBUTION in word)]


def check_target(target: str) -> None:
    """Fail unless `target` installs this project from the clone: a path to it, with extras it defines."""
    path, _, extras = target.partition("[")
    assert not path.startswith(DISTRIBUTION), (
        f"`pip install {target}` asks PyPI, which has no release yet: show `pip install .` (from a clone)"
    )
    folder = ROOT / path
    assert (folder / "pyproject.toml").is_file(), f"{target}: {folder} holds no pyproject.toml"
    named = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
    assert named == DISTRIBUTION, f"{target} installs {named}, not {DISTRIBUTION}"
    wanted = {extra.strip() for extra in extras.rstrip("]").split(",") if extra.strip()}
    defined = set(PYPROJECT["project"].get("optional-dependencies", {}))
    assert wanted <= defined, f"{target}: no extra {sorted(wanted - defined)} in pyproject.toml"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_shown_install_command_installs_from_the_clone(page: Path) -> None:
    for arguments in install_commands(page.read_text(encoding="utf-8")):
        for target in project_targets(arguments):
            check_target(target)


def test_the_home_page_and_the_readme_show_the_same_install_command() -> None:
    home = install_commands((ROOT / "docs" / "index.md").read_text(encoding="utf-8"))
    readme = install_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert home, "docs/index.md shows no install command"
    assert home[0] == readme[0]


def test_the_home_page_says_what_changes_at_release() -> None:
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    install = home.split("## Install", 1)[1].split("\n## ", 1)[0]
    assert f"`pip install {DISTRIBUTION}`" in install
    assert "release" in install


def test_the_check_refuses_the_pypi_name_and_unknown_extras() -> None:
    for bad in (DISTRIBUTION, f"{DISTRIBUTION}[cli]", ".[nope]", "./docs"):
        with pytest.raises(AssertionError):
            check_target(bad)
    check_target(".[cli]")
    check_target(".")
