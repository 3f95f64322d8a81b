"""The README's commands exist, take the options it shows, and run as it says.

Every command in the README's shell blocks is checked: a ``nextround`` command's
sub-command path must exist, every option it uses must be in that command's
``--help`` and the whole line must parse; ``make`` targets must be in the
Makefile; benchmark scripts and ``python -m`` modules must exist and list the
options shown; ``pip`` lines must name files and extras that exist. A
representative set of the lines is then run for real on the sample corpus. The
``nextround …`` and ``python benchmarks/…`` commands written inline in the prose
are checked for their options too.
"""

from __future__ import annotations

import itertools
import json
import re
import shlex
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from nextround.cli import EXIT_OK, EXIT_PARTIAL, app

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SAMPLE = ROOT / "corpus" / "feedback"
SHELL_BLOCKS = {"sh", "shell", "console", "bash"}
PYTHONS = {"python", "python3", ".venv/bin/python"}

runner = CliRunner()


@dataclass(frozen=True)
class Shown:
    """One command as the README shows it."""

    line: int
    kind: str  # nextround, make, benchmark, module, chroma, pip
    argv: tuple[str, ...]  # after the program (and any VAR=value prefix)

    def __str__(self) -> str:
        return f"README.md:{self.line}: {self.kind} {shlex.join(self.argv)}"


def _classify(line: int, words: list[str]) -> Shown:
    while words and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", words[0]):
        words = words[1:]  # NEXTROUND_HOME=… nextround …
    program, rest = words[0], tuple(words[1:])
    if program in ("nextround", ".venv/bin/nextround"):
        return Shown(line, "nextround", rest)
    if program == "make":
        return Shown(line, "make", rest)
    if program in PYTHONS and rest[:1] == ("-m",):
        return Shown(line, "module", rest[1:])
    if program in PYTHONS and rest and rest[0].startswith("benchmarks/"):
        return Shown(line, "benchmark", rest)
    if program == ".venv/bin/chroma":
        return Shown(line, "chroma", rest)
    if program == ".venv/bin/pip":
        return Shown(line, "pip", rest)
    raise AssertionError(f"README.md:{line}: a command of a form this test does not know: {words}")


def shown_commands() -> list[Shown]:
    """Every command in the README's shell code blocks, ``&&`` chains split."""
    found: list[Shown] = []
    language: str | None = None
    for number, raw in enumerate(README.read_text(encoding="utf-8").splitlines(), 1):
        stripped = raw.strip()
        if stripped.startswith("```"):
            language = stripped[3:].strip() if language is None else None
            continue
        if language not in SHELL_BLOCKS:
            continue
        words = shlex.split(stripped.removeprefix("$ "), comments=True)
        while words:
            cut = words.index("&&") if "&&" in words else len(words)
            found.append(_classify(number, words[:cut]))
            words = words[cut + 1 :]
    return found


# Code spans that quote nextround's output rather than show a command.
NOT_COMMANDS = {"nextround hit a bug: …"}


def inline_commands() -> list[tuple[str, list[str]]]:
    """``nextround …`` and ``python benchmarks/…`` written in code spans of the prose."""
    text = README.read_text(encoding="utf-8")
    prose = re.sub(r"^ *```.*?^ *```", "", text, flags=re.S | re.M)
    spans = (re.sub(r"\s+", " ", s) for s in re.findall(r"`([^`]+)`", prose))
    names = tuple(f"{name} -" for name in _command_names())
    return [
        (span, re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", span))
        for span in spans
        if span.startswith(("nextround ", "python benchmarks/", *names))
        and span not in NOT_COMMANDS
    ]


def _command_names() -> list[str]:
    return sorted(getattr(typer.main.get_command(app), "commands", {}))


SHOWN = shown_commands()


def _of(kind: str) -> list[Shown]:
    return [c for c in SHOWN if c.kind == kind]


def _options(argv: tuple[str, ...] | list[str]) -> list[str]:
    return [a.split("=", 1)[0] for a in argv if re.fullmatch(r"--?[A-Za-z][\w-]*(=.*)?", a)]


def _listed(option: str, help_text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", help_text) is not None


def _subcommand(argv: tuple[str, ...]) -> tuple[list[str], Any, list[str]]:
    """The sub-command path of a ``nextround`` line, its Click command, and its arguments."""
    command: Any = typer.main.get_command(app)
    path: list[str] = []
    args = list(argv)
    while args and args[0] in getattr(command, "commands", {}):
        path.append(args[0])
        command = command.commands[args.pop(0)]
    assert path, f"no such nextround command: {argv[:1]}"
    return path, command, args


def test_the_readme_shows_commands_of_every_kind() -> None:
    kinds = {c.kind for c in SHOWN}
    assert {"nextround", "make", "benchmark", "module"} <= kinds
    assert len(_of("nextround")) >= 25


def test_the_command_reference_names_every_command() -> None:
    text = README.read_text(encoding="utf-8")
    listed = re.search(r"^Commands: (.*?)\. ", text, flags=re.M | re.S)
    assert listed, "the Command reference lists no commands"
    assert sorted(re.findall(r"`([\w-]+)`", listed[1])) == _command_names()


@pytest.mark.parametrize("shown", _of("nextround"), ids=str)
def test_nextround_command_exists_with_its_options(shown: Shown) -> None:
    path, command, args = _subcommand(shown.argv)
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == EXIT_OK, f"{shown}\n{result.output}"
    missing = [o for o in _options(args) if not _listed(o, result.stdout)]
    assert not missing, f"{shown}: not in `nextround {' '.join(path)} --help`: {missing}"
    # the whole line parses: option values of the right type, arguments in place
    command.make_context(" ".join(["nextround", *path]), args)


@pytest.mark.parametrize("shown", _of("make"), ids=str)
def test_make_target_exists(shown: Shown) -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w.-]+):", makefile, flags=re.M))
    assert shown.argv, shown
    assert set(shown.argv) <= targets, f"{shown}: no such target in the Makefile"


def _help_of(command: list[str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, f"{command}: {done.stderr[-2000:]}"
    return done.stdout


def _benchmark_help(script: str) -> str:
    assert (ROOT / script).is_file(), f"no such benchmark: {script}"
    return _help_of([sys.executable, script, "--help"])


@pytest.mark.parametrize("shown", _of("benchmark"), ids=str)
def test_benchmark_exists_with_its_options(shown: Shown) -> None:
    help_text = _benchmark_help(shown.argv[0])
    missing = [o for o in _options(shown.argv[1:]) if not _listed(o, help_text)]
    assert not missing, f"{shown}: not in its --help: {missing}"


@pytest.mark.parametrize("shown", _of("module"), ids=str)
def test_module_exists_with_its_options(shown: Shown) -> None:
    help_text = _help_of([sys.executable, "-m", shown.argv[0], "--help"])
    missing = [o for o in _options(shown.argv[1:]) if not _listed(o, help_text)]
    assert not missing, f"{shown}: not in its --help: {missing}"


@pytest.mark.parametrize("shown", _of("chroma"), ids=str)
def test_chroma_command_takes_its_options(shown: Shown) -> None:
    chroma = Path(sys.executable).parent / "chroma"
    subcommand = [a for a in shown.argv if not a.startswith("-")][:1]
    help_text = _help_of([str(chroma), *subcommand, "--help"])
    missing = [o for o in _options(shown.argv) if not _listed(o, help_text)]
    assert not missing, f"{shown}: not in its --help: {missing}"


@pytest.mark.parametrize("shown", _of("pip"), ids=str)
def test_pip_line_names_files_and_extras_that_exist(shown: Shown) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = set(project["optional-dependencies"])
    args = list(shown.argv)
    for flag, value in itertools.pairwise(args):
        if flag == "-c":
            assert (ROOT / value).is_file(), f"{shown}: no {value}"
        if flag == "-e":
            wanted = re.fullmatch(r"\.\[([\w,-]+)\]", value)
            assert wanted, f"{shown}: expected -e '.[extra]'"
            assert set(wanted[1].split(",")) <= extras, f"{shown}: no such extra"


@pytest.mark.parametrize(("span", "options"), inline_commands(), ids=lambda v: str(v)[:60])
def test_inline_command_takes_its_options(span: str, options: list[str]) -> None:
    words = span.split()
    if words[0] == "python":
        help_text = _benchmark_help(words[1])
    else:
        path, _, _ = _subcommand(tuple(words[1:] if words[0] == "nextround" else words))
        help_text = runner.invoke(app, [*path, "--help"]).stdout
    missing = [o for o in options if not _listed(o, help_text)]
    assert not missing, f"`{span}`: not in its --help: {missing}"


# README lines run for real on the sample corpus, in this order, with the exit code
# each must give. The README's example paths and ids are replaced by real ones.
REAL_RUNS: tuple[tuple[str, int], ...] = (
    ("ingest ~/Mail/rejections.mbox ~/notes/interviews/ exports/*.csv", EXIT_OK),
    ("themes", EXIT_OK),
    ("search 'system design depth' -k 5", EXIT_OK),
    ("list --since 2026-03-01 --stage onsite", EXIT_OK),
    ("list --kind rejection", EXIT_OK),
    ("show 3f9a1c", EXIT_OK),
    ("edit 3f9a1c --company 'Kestrel Cloud' --stage onsite", EXIT_OK),
    ("reply 3f9a1c", EXIT_OK),
    ("reply 3f9a1c --kind linkedin_note --max-chars 200", EXIT_OK),
    ("reply 3f9a1c --kind stay_in_touch --tone formal", EXIT_OK),
    ("reply 3f9a1c --eml reply.eml", EXIT_OK),
    ("reply --pending --out drafts/", EXIT_OK),
    ("check-tone my-reply.txt", EXIT_OK),
    ("forget --source exports/old.csv", EXIT_OK),
)


@pytest.mark.slow
def test_readme_commands_run_on_the_sample_corpus(tmp_path: Path) -> None:
    lines = {c.argv: c for c in _of("nextround")}
    missing = [line for line, _ in REAL_RUNS if tuple(shlex.split(line)) not in lines]
    assert not missing, f"no longer in the README (update REAL_RUNS): {missing}"

    reply_file = tmp_path / "my-reply.txt"
    reply_file.write_text(
        "Hi Dana,\n\nThank you for letting me know, and for your time during the process. "
        "I enjoyed meeting the team and would be glad to stay in touch.\n\nBest wishes,\nJordan\n",
        encoding="utf-8",
    )
    replace = {
        "~/Mail/rejections.mbox": str(SAMPLE / "mail" / "archive.mbox"),
        "~/notes/interviews/": str(SAMPLE / "notes"),
        "exports/*.csv": str(SAMPLE / "ats" / "*.csv"),
        "exports/old.csv": "hirewell_export.csv",
        "reply.eml": str(tmp_path / "reply.eml"),
        "drafts/": str(tmp_path / "drafts"),
        "my-reply.txt": str(reply_file),
    }
    record_id = ""
    outputs: dict[str, str] = {}
    for line, code in REAL_RUNS:
        shown = lines[tuple(shlex.split(line))]
        argv = [replace.get(word, word) for word in shown.argv]
        if record_id:
            argv = [record_id if word == "3f9a1c" else word for word in argv]
        result = runner.invoke(app, argv)
        assert result.exit_code == code, f"{shown}\n{result.stdout}\n{result.stderr}"
        if argv[0] == "ingest":
            listed = runner.invoke(app, ["list", "--kind", "rejection", "--json"])
            record_id = json.loads(listed.stdout)["records"][0]["id"][:6]
        outputs[argv[0]] = result.stdout
    assert (tmp_path / "reply.eml").is_file()
    assert list((tmp_path / "drafts").iterdir())
    assert outputs["check-tone"].startswith("No tone or safety problems found.")
    assert re.match(r"Deleted [1-9]\d* records\.", outputs["forget"]), outputs["forget"]


def test_check_tone_flags_an_angry_reply_with_exit_3(tmp_path: Path) -> None:
    angry = tmp_path / "my-reply.txt"
    angry.write_text("Your process is a joke and you clearly never read my CV.", encoding="utf-8")
    assert runner.invoke(app, ["check-tone", str(angry)]).exit_code == EXIT_PARTIAL


def _layout() -> list[str]:
    """The names the Development section's Layout list describes, in order."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Development", 1)[1].split("\nLayout.", 1)[1].split("\n\n", 2)[1]
    return re.findall(r"^- `([\w./]+)`:", section, flags=re.M)


def test_layout_lists_every_package_and_module() -> None:
    source = ROOT / "src" / "nextround"
    present = {
        f"{p.name}/" if p.is_dir() else p.name
        for p in source.iterdir()
        if (p.is_dir() and (p / "__init__.py").is_file()) or p.suffix == ".py"
    }
    listed = _layout()
    assert len(listed) == len(set(listed)), "a name is listed twice"
    assert sorted(present - set(listed)) == [], "not described in README.md's Layout list"
    assert sorted(set(listed) - present) == [], "listed in README.md's Layout but gone"
