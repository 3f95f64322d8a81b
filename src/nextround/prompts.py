"""Prompt files: what nextround says to a language model, kept as editable text.

A prompt file in ``prompts/`` has YAML front matter and two sections::

    ---
    description: Label and summarise one theme.
    variables: [theme, facts, quotes]
    ---
    [system]
    You help a job seeker ...
    [user]
    Theme: {{theme}}
    ...

:func:`load_prompt` checks that the variables the text uses are exactly the
ones it declares, and :meth:`Prompt.render` that it is given exactly those.
Substitution is plain text replacement of ``{{name}}``: no template engine, so
nothing in a prompt or in feedback can execute.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from nextround.errors import ConfigError
from nextround.resources import prompts_dir

_VARIABLE = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
_SECTIONS = re.compile(r"^\[(system|user)\]\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Prompt:
    name: str
    description: str
    variables: frozenset[str]
    system: str
    user: str

    def render(self, **values: str) -> tuple[str, str]:
        """(system, user) with every ``{{variable}}`` replaced.

        Raises ``ValueError`` when a declared variable is missing or an
        undeclared one is given: a programming error, not a user one.
        """
        given = set(values)
        if given != self.variables:
            missing = sorted(self.variables - given)
            extra = sorted(given - self.variables)
            raise ValueError(f"prompt {self.name!r}: missing {missing}, unexpected {extra}")

        def fill(text: str) -> str:
            return _VARIABLE.sub(lambda m: values[m.group(1)], text)

        return fill(self.system), fill(self.user)

    @property
    def digest(self) -> str:
        """A short hash of the prompt text, logged with every call."""
        return hashlib.sha256((self.system + "\x00" + self.user).encode()).hexdigest()[:12]


def available_prompts() -> list[str]:
    """Names of the prompt files shipped with nextround."""
    return sorted(p.stem for p in prompts_dir().glob("*.md") if p.name != "README.md")


@cache
def load_prompt(name: str, directory: Path | None = None) -> Prompt:
    """Load ``prompts/<name>.md`` and check its declared variables against its text."""
    path = (directory or prompts_dir()) / f"{name}.md"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"prompt file {path} cannot be read: {exc.strerror or exc}") from exc
    m = re.match(r"\A---\n(.*?)\n---\n(.*)\Z", raw, re.DOTALL)
    if not m:
        raise ConfigError(f"prompt file {path} needs YAML front matter between --- lines")
    meta = yaml.safe_load(m.group(1)) or {}
    declared = frozenset(str(v) for v in meta.get("variables") or [])
    parts = _SECTIONS.split(m.group(2))
    sections = dict(zip(parts[1::2], (p.strip() for p in parts[2::2]), strict=True))
    if set(sections) != {"system", "user"}:
        raise ConfigError(f"prompt file {path} needs a [system] and a [user] section")
    used = frozenset(_VARIABLE.findall(sections["system"] + sections["user"]))
    if used != declared:
        raise ConfigError(
            f"prompt file {path}: declared variables {sorted(declared)} but the text uses "
            f"{sorted(used)}"
        )
    return Prompt(
        name=name,
        description=str(meta.get("description", "")),
        variables=declared,
        system=sections["system"],
        user=sections["user"],
    )
