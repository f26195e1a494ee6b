"""Run every Python code block in docs/ against the offline emulator and keep its shown output current.

Usage (from the repository root)::

    uv run python scripts/docs_exec.py --check          # CI: fail on a block that raises or an output that drifted
    uv run python scripts/docs_exec.py --write          # rewrite the output blocks from a fresh run
    uv run python scripts/docs_exec.py --check docs/guide.md   # only some pages

How a page is run:

* Each page gets its own namespace (``__name__ == "__main__"``, as in a script) and its own
  :class:`~langchain_openrouter_responses.emulator.Emulator`, exposed to the page as ``emulator``.
  ``OPENROUTER_API_KEY`` and ``OPENROUTER_BASE_URL`` point at it, so ``ChatOpenRouterResponses()``
  with no arguments talks to the emulator. The working directory is a fresh temporary folder.
* Fenced ``python`` blocks run in page order. Everything a block prints is written into an
  output block placed right after it (``<!-- output -->`` then a ``text`` fence), replacing the
  previous one; a block that prints nothing gets no output block. Top-level ``await`` is allowed.
* ``<!-- skip: reason -->`` on the line before a fence (blank lines allowed) leaves that block
  unexecuted; the reason is required. Blocks in other languages (``bash``, ``text``, ...) do not
  run, except:
* ``<!-- run -->`` before a ``bash`` (or ``sh``/``console``/``shell``) block runs it with bash, in
  the page's folder and environment (so ``openrouter-responses`` talks to the page's emulator),
  with the project's interpreter first on ``PATH``, ``NO_COLOR=1`` and ``XDG_DATA_HOME`` in the page's
  folder (so the command line's log is the page's own and lasts from block to block). What it writes to stdout
  and stderr, interleaved as a terminal shows them, becomes its output block; a non-zero exit
  status fails the page.
* ``<!-- setup`` ... ``-->`` is a hidden block: Python inside the HTML comment runs in the page's
  namespace, invisible to readers, e.g. to queue a scripted reply with ``emulator.queue(...)``.
  Replies queued by a setup block must be used up by the next visible block.
* ``<!-- table-from: PATH -->`` followed by a Markdown table: the table is replaced by the first
  table of the file at PATH (relative to the page), e.g. the benchmark's results.
* ``::: dotted.path`` (an mkdocstrings API-reference directive): the ``python`` examples in the
  docstrings of that object (and of its public members) are run too, so the generated API
  reference holds no dead example either.

Outputs are deterministic: the emulator's id counter restarts for each page, response ids and
loopback ports are normalised, and the script re-executes itself under ``PYTHONHASHSEED=0``.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import contextlib
import difflib
import importlib
import inspect
import io
import itertools
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
RUNNABLE = frozenset({"python", "py", "python3"})
SHELL = frozenset({"bash", "sh", "console", "shell"})
TERMINAL_COLUMNS = 80
SHELL_TIMEOUT = 60  # seconds for one shell block
# LINES: outputs are recorded at TERMINAL_COLUMNS wide, whatever the reader's or CI runner's terminal.
# CI and BUILD_NUMBER: pytest stops shortening its summary lines to the terminal width when either is
# set, so a page's pytest output would differ between a reader's terminal and a CI runner.
CLEARED_ENV = ("OPENROUTER_APP_URL", "OPENROUTER_APP_TITLE", "OPENROUTER_APP_CATEGORIES", "LINES", "CI", "BUILD_NUMBER")
OUTPUT_MARKER = "<!-- output -->"

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
SKIP = re.compile(r"^<!--\s*skip\b\s*(?::(?P<reason>.*?))?\s*-->$")
RUN = re.compile(r"^<!--\s*run\s*-->$")
SETUP_START = re.compile(r"^(?P<indent>[ \t]*)<!--\s*setup\b.*$")
TABLE_FROM = re.compile(r"^<!--\s*table-from:\s*(?P<path>\S+)\s*-->$")
API_DIRECTIVE = re.compile(r"^:::\s+(?P<path>[\w.]+)\s*$")
DOCSTRING_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?:python|py)[ \t]*\n(?P<code>.*?)^(?P=indent)```[ \t]*$", re.MULTILINE | re.DOTALL
)
NORMALISE = (
    (re.compile(r"\bgen-\d{10}-[A-Za-z0-9]{20}\b"), "gen-<id>"),
    (re.compile(r"\b(127\.0\.0\.1|localhost|\[::1\]):\d{2,5}\b"), r"\1:<port>"),
    (re.compile(r'("created_at": )\d{10}\b'), r"\1<time>"),
    # the command line's log: times, conversation ids and durations
    (re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\b"), "<time>"),
    (re.compile(r"\b[0-9a-f]{20}\b"), "<conversation>"),
    (re.compile(r", \d+\.\d s\]"), ", <duration> s]"),
)


class DocsError(Exception):
    """A page that cannot be run: a malformed marker or a block that raised."""


@dataclass
class Raw:
    """Lines copied through unchanged."""

    lines: list[str]


@dataclass
class Setup:
    """A hidden ``<!-- setup ... -->`` block: run, never shown."""

    lines: list[str]
    code: str
    line: int


@dataclass
class Code:
    """A fenced code block, with the output produced for it (if it runs and prints)."""

    lines: list[str]
    code: str
    line: int
    indent: str
    lang: str
    skip_reason: str | None = None
    output: str = ""
    shell: bool = False

    @property
    def runs(self) -> bool:
        """Whether the runner executes this block (as Python, or with bash when ``shell``)."""
        return self.shell or (self.lang in RUNNABLE and self.skip_reason is None)


@dataclass
class Table:
    """A table kept equal to the first table of another file (``<!-- table-from: PATH -->``)."""

    marker: str
    table: list[str]


Part = Raw | Setup | Code | Table


@dataclass
class PageResult:
    """What running one page produced."""

    path: Path
    old: str
    new: str
    ran: int = 0
    setups: int = 0
    docstring_examples: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0


# -- parsing -------------------------------------------------------------------------------------


def parse(text: str, name: str = "<page>", folder: Path | None = None) -> list[Part]:
    """Split a Markdown page into raw lines, hidden setup blocks and code blocks.

    Old output blocks (``<!-- output -->`` plus the fence after it, right after a code block) are
    dropped here and regenerated by :func:`render`.

    Args:
        text: The page.
        name: The page's name, for error messages.
        folder: The page's folder, against which ``table-from`` paths resolve.

    Returns:
        The parts, in page order.

    Raises:
        DocsError: A skip marker without a reason, an unclosed fence or comment, or an output
            marker that does not follow a code block.
    """
    lines = text.splitlines()
    parts: list[Part] = []
    raw: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if SETUP_START.match(line):
            end = _find(
                lines,
                index + 1,
                lambda candidate: candidate.strip() == "-->",
                where=f"{name}:{index + 1}",
                what="setup comment",
            )
            body = lines[index + 1 : end]
            _flush(parts, raw)
            parts.append(Setup(lines[index : end + 1], textwrap.dedent("\n".join(body)), index + 2))
            index = end + 1
            continue
        if table_from := TABLE_FROM.match(line.strip()):
            _flush(parts, raw)
            parts.append(Table(line, _first_table(Path(folder or ".") / table_from["path"], name, index)))
            index += 1
            while index < len(lines) and lines[index].lstrip().startswith("|"):
                index += 1
            continue
        fence = FENCE.match(line)
        if fence is None:
            if line.strip() == OUTPUT_MARKER:
                raise DocsError(f"{name}:{index + 1}: an output block must follow a code block")
            raw.append(line)
            index += 1
            continue
        indent, marker = fence["indent"], fence["fence"]
        closing = re.compile(rf"^[ \t]*{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
        end = _find(lines, index + 1, closing.match, where=f"{name}:{index + 1}", what="code fence")
        lang = (fence["info"].split() or [""])[0].lower().lstrip(".{")
        body = [_unindent(text_line, indent) for text_line in lines[index + 1 : end]]
        skip_reason = _skip_reason(raw, name, index) if lang in RUNNABLE else None
        shell = _marked_run(raw, name, index, lang)
        _flush(parts, raw)
        parts.append(Code(lines[index : end + 1], "\n".join(body), index + 2, indent, lang, skip_reason, shell=shell))
        index = _skip_old_output(lines, end + 1, name)
    _flush(parts, raw)
    return parts


def _first_table(path: Path, name: str, index: int) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise DocsError(f"{name}:{index + 1}: table-from cannot read {path}: {error}") from error
    start = next((number for number, line in enumerate(lines) if line.lstrip().startswith("|")), None)
    if start is None:
        raise DocsError(f"{name}:{index + 1}: {path} holds no Markdown table")
    end = next(
        (number for number in range(start, len(lines)) if not lines[number].lstrip().startswith("|")), len(lines)
    )
    return lines[start:end]


def _find(lines: list[str], start: int, test: Any, *, where: str, what: str) -> int:
    for number in range(start, len(lines)):
        if test(lines[number]):
            return number
    raise DocsError(f"{where}: unclosed {what}")


def _flush(parts: list[Part], raw: list[str]) -> None:
    if raw:
        parts.append(Raw(list(raw)))
        raw.clear()


def _unindent(line: str, indent: str) -> str:
    return line[len(indent) :] if line.startswith(indent) else line.lstrip()


def _skip_reason(raw: list[str], name: str, index: int) -> str | None:
    previous = next((line.strip() for line in reversed(raw) if line.strip()), "")
    match = SKIP.match(previous)
    if match is None:
        return None
    reason = (match["reason"] or "").strip()
    if not reason:
        raise DocsError(f"{name}:{index + 1}: a skip marker must give a reason: <!-- skip: why -->")
    return reason


def _marked_run(raw: list[str], name: str, index: int, lang: str) -> bool:
    previous = next((line.strip() for line in reversed(raw) if line.strip()), "")
    if not RUN.match(previous):
        return False
    if lang not in SHELL:
        raise DocsError(f"{name}:{index + 1}: <!-- run --> only marks shell blocks ({', '.join(sorted(SHELL))})")
    return True


def _skip_old_output(lines: list[str], start: int, name: str) -> int:
    """Return the index after an old output block that starts at ``start`` (or ``start``)."""
    index = start
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines) or lines[index].strip() != OUTPUT_MARKER:
        return start
    fence = FENCE.match(lines[index + 1]) if index + 1 < len(lines) else None
    if fence is None:
        raise DocsError(f"{name}:{index + 1}: {OUTPUT_MARKER} must be followed by a fenced block")
    closing = re.compile(rf"^[ \t]*{re.escape(fence['fence'][0])}{{{len(fence['fence'])},}}[ \t]*$")
    return _find(lines, index + 2, closing.match, where=f"{name}:{index + 2}", what="output fence") + 1


# -- rendering -----------------------------------------------------------------------------------


def render(parts: list[Part], trailing_newline: bool = True) -> str:
    """Join the parts back into a page, with an output block after each code block that printed."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, Table):
            out.extend([part.marker, *part.table])
            continue
        out.extend(part.lines)
        if isinstance(part, Code) and part.output:
            out.extend(_output_block(part.output, part.indent))
    return "\n".join(out) + ("\n" if trailing_newline else "")


def _output_block(output: str, indent: str) -> list[str]:
    body = [line.rstrip() for line in output.rstrip("\n").splitlines()]
    longest = max((len(m.group()) for line in body if (m := re.match(r"\s*(`{3,})", line))), default=0)
    fence = "`" * max(3, longest + 1)
    return [
        "",
        indent + OUTPUT_MARKER,
        f"{indent}{fence}text",
        *[f"{indent}{line}" if line else "" for line in body],
        indent + fence,
    ]


# -- execution -----------------------------------------------------------------------------------


def run_page(path: Path) -> PageResult:
    """Run one page's blocks and return its old and regenerated text."""
    from langchain_openrouter_responses.emulator import Emulator  # noqa: PLC0415 (keep --help fast)

    started = time.perf_counter()
    name = _display(path)
    old = path.read_text(encoding="utf-8")
    result = PageResult(path, old, old)
    try:
        parts = parse(old, name, path.parent)
    except DocsError as error:
        result.error = str(error)
        return result
    codes = [part for part in parts if isinstance(part, Code)]
    result.skipped = [(code.line - 1, code.skip_reason) for code in codes if code.skip_reason is not None]
    _restart_emulator_ids()
    with Emulator() as emulator, _page_environment(emulator), tempfile.TemporaryDirectory() as folder:
        namespace: dict[str, Any] = {"__name__": "__main__", "emulator": emulator}
        with contextlib.chdir(folder):
            result.error = _run_parts(parts, namespace, emulator, path, result)
            if result.error is None:
                result.error = _run_docstring_examples(parts, name, result)
    result.new = render(parts, trailing_newline=old.endswith("\n"))
    result.seconds = time.perf_counter() - started
    return result


def _run_parts(
    parts: list[Part], namespace: dict[str, Any], emulator: Any, path: Path, result: PageResult
) -> str | None:
    name = _display(path)
    queued_by: int | None = None
    for part in parts:
        if isinstance(part, Setup):
            try:
                _execute(part.code, part.line, path, namespace)
            except Exception:  # noqa: BLE001 - reported with the page and line
                return f"{name}:{part.line - 1}: the setup block raised\n{_traceback(path)}"
            result.setups += 1
            queued_by = part.line - 1 if emulator.pending else None
        elif isinstance(part, Code) and part.shell:
            try:
                part.output = _normalise(_run_shell(part.code))
            except DocsError as error:
                return f"{name}:{part.line - 1}: {error}"
            result.ran += 1
        elif isinstance(part, Code) and part.runs:
            try:
                part.output = _normalise(_execute(part.code, part.line, path, namespace))
            except Exception:  # noqa: BLE001 - reported with the page and line
                return f"{name}:{part.line - 1}: the block raised\n{_traceback(path)}"
            result.ran += 1
            if emulator.pending:
                where = f"the setup block at line {queued_by}" if queued_by else "this block"
                return (
                    f"{name}:{part.line - 1}: {emulator.pending} replies queued by {where} were not used by this block"
                )
            queued_by = None
    return None


def _run_docstring_examples(parts: list[Part], name: str, result: PageResult) -> str | None:
    """Run the ``python`` examples in the docstrings behind each ``::: path`` directive of the page."""
    for part in parts:
        if not isinstance(part, Raw):
            continue
        for line in part.lines:
            directive = API_DIRECTIVE.match(line.strip())
            if directive is None:
                continue
            path = directive["path"]
            try:
                target = _import(path)
            except (ImportError, AttributeError) as error:
                return f"{name}: ::: {path} cannot be imported: {error}"
            for owner, docstring in _docstrings(target):
                for example in DOCSTRING_FENCE.finditer(docstring):
                    namespace = {**_public_names(owner), "__name__": "__main__"}
                    source = Path(f"<docstring of {owner}>")
                    try:
                        _execute(textwrap.dedent(example["code"]), 1, source, namespace)
                    except Exception:  # noqa: BLE001 - reported with the directive
                        return f"{name}: an example in the docstring of {owner} raised\n{_traceback(source)}"
                    result.docstring_examples += 1
    return None


def _import(path: str) -> Any:
    module_name, _, attribute = path, "", ""
    while True:
        try:
            target: Any = importlib.import_module(module_name)
            break
        except ModuleNotFoundError:
            if "." not in module_name:
                raise
            module_name, _, last = module_name.rpartition(".")
            attribute = f"{last}.{attribute}" if attribute else last
    for part in filter(None, attribute.split(".")):
        target = getattr(target, part)
    return target


def _docstrings(target: Any) -> list[tuple[str, str]]:
    """The docstrings of ``target`` and of its public members, as (qualified name, text) pairs."""
    found: list[tuple[str, str]] = []
    seen: set[int] = set()
    for obj in [target, *_members(target)]:
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        docstring = inspect.getdoc(obj.fget if isinstance(obj, property) else obj)
        if docstring:
            found.append((getattr(obj, "__module__", "") + "." + getattr(obj, "__qualname__", repr(obj)), docstring))
    return found


def _members(target: Any) -> list[Any]:
    """The public classes and functions of a module (or methods of a class) from the same package."""
    package = (getattr(target, "__module__", None) or target.__name__).split(".")[0]
    if inspect.ismodule(target):
        names = getattr(target, "__all__", [name for name in vars(target) if not name.startswith("_")])
        candidates = [getattr(target, name) for name in names]
    elif inspect.isclass(target):
        candidates = [value for name, value in vars(target).items() if not name.startswith("_")]
    else:
        return []
    members: list[Any] = []
    for member in candidates:
        if not str(getattr(member, "__module__", None) or package).startswith(package):
            continue  # imported from another library
        if inspect.isroutine(member) or isinstance(member, property):
            members.append(member)
        elif inspect.isclass(member):
            members += [member, *_members(member)]
    return members


def _public_names(qualified: str) -> dict[str, Any]:
    """The public names of the module that defines ``qualified``, so an example may use them unimported."""
    module_name = qualified.rsplit(".", 1)[0]
    while module_name and module_name not in sys.modules:
        module_name = module_name.rpartition(".")[0]
    module = sys.modules.get(module_name)
    return {key: value for key, value in vars(module).items() if not key.startswith("_")} if module else {}


def _execute(code: str, line: int, path: Path, namespace: dict[str, Any]) -> str:
    """Run ``code`` (which starts at ``line`` of ``path``) and return what it printed."""
    source = "\n" * (line - 1) + code + "\n"
    compiled = compile(source, str(path), "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        outcome = eval(compiled, namespace)  # noqa: S307 - running the docs' own code is the point
        if inspect.isawaitable(outcome):
            asyncio.run(_await(outcome))
    return buffer.getvalue()


def _run_shell(code: str) -> str:
    """Run a shell block with bash in the current folder and the page's environment; return what it wrote."""
    env = {**os.environ, "NO_COLOR": "1", "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env["XDG_DATA_HOME"] = str(Path.cwd() / ".data")  # the command line's log stays in the page's folder
    try:
        completed = subprocess.run(  # noqa: S603 - running the docs' own commands is the point
            ["bash", "-e", "-o", "pipefail", "-c", code],  # noqa: S607 - bash from PATH, as a reader runs it
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            timeout=SHELL_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise DocsError(f"the shell block did not finish within {SHELL_TIMEOUT} s") from error
    if completed.returncode != 0:
        output = textwrap.indent(completed.stdout.rstrip(), "    ")
        raise DocsError(f"the shell block exited with status {completed.returncode}\n{output}")
    return completed.stdout


async def _await(awaitable: Any) -> Any:
    return await awaitable


def _traceback(path: Path) -> str:
    """The current exception, with frames outside the page dropped when the page has some."""
    kind, error, trace = sys.exc_info()
    frames = traceback.extract_tb(trace)
    own = [frame for frame in frames if frame.filename == str(path)]
    lines = traceback.format_list(own or frames) + traceback.format_exception_only(kind, error)
    return textwrap.indent("".join(lines).rstrip(), "    ")


def _normalise(output: str) -> str:
    for pattern, replacement in NORMALISE:
        output = pattern.sub(replacement, output)
    return output


def _restart_emulator_ids() -> None:
    """Restart the emulator's item-id counter, so a page's ids do not depend on the pages before it."""
    from langchain_openrouter_responses.emulator.replies import ids  # noqa: PLC0415

    if hasattr(ids, "_counter"):
        ids._counter = itertools.count(1)  # noqa: SLF001 - deterministic docs output


@contextlib.contextmanager
def _page_environment(emulator: Any) -> Any:
    saved = dict(os.environ)
    os.environ["OPENROUTER_API_KEY"] = emulator.api_key
    os.environ["OPENROUTER_BASE_URL"] = emulator.base_url
    os.environ["COLUMNS"] = str(TERMINAL_COLUMNS)
    for variable in CLEARED_ENV:
        os.environ.pop(variable, None)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


# -- command line --------------------------------------------------------------------------------


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def pages(arguments: list[str]) -> list[Path]:
    """The pages to run: the given files, or every Markdown file under docs/."""
    if arguments:
        return [Path(argument).resolve() for argument in arguments]
    return sorted(DOCS.rglob("*.md"))


def report(results: list[PageResult], *, write: bool) -> int:
    """Print what happened, write pages in write mode, and return the exit status."""
    status = 0
    for result in results:
        name = _display(result.path)
        if result.error:
            status = 1
            print(f"FAIL {name}: {result.error}", file=sys.stderr)
            continue
        changed = result.new != result.old
        if changed and write:
            result.path.write_text(result.new, encoding="utf-8")
        elif changed:
            status = 1
            diff = difflib.unified_diff(
                result.old.splitlines(keepends=True),
                result.new.splitlines(keepends=True),
                fromfile=f"{name} (committed)",
                tofile=f"{name} (executed)",
            )
            print(f"DRIFT {name}: its outputs differ from a fresh run:", file=sys.stderr)
            sys.stderr.writelines(diff)
        state = "rewritten" if changed and write else "up to date" if not changed else "out of date"
        examples = f", {result.docstring_examples} docstring examples" if result.docstring_examples else ""
        print(
            f"{name}: {result.ran} blocks run, {result.setups} hidden setups{examples}, "
            f"{len(result.skipped)} skipped, {result.seconds:.1f}s, {state}"
        )
        for line, reason in result.skipped:
            print(f"    skipped {name}:{line}: {reason}")
    ran = sum(result.ran for result in results)
    examples = sum(result.docstring_examples for result in results)
    skipped = sum(len(result.skipped) for result in results)
    failed = sum(1 for result in results if result.error)
    print(
        f"docs_exec: {len(results)} pages, {ran} blocks run, {examples} docstring examples run, "
        f"{skipped} skipped, {failed} pages failed"
    )
    return status


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the pages.

    Returns:
        0 when every block ran and (with --check) every output is current, else 1.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="fail (with a diff) if any output would change")
    mode.add_argument("--write", action="store_true", help="rewrite the output blocks in place")
    parser.add_argument("files", nargs="*", help="Markdown pages (default: every docs/**/*.md)")
    args = parser.parse_args(argv)
    results = [run_page(path) for path in pages(args.files)]
    return report(results, write=args.write)


if __name__ == "__main__":
    if os.environ.get("PYTHONHASHSEED") != "0":  # set iteration order is part of printed output
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, *sys.argv])  # noqa: S606 - re-run this same script
    sys.exit(main())
