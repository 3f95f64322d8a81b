"""Text as checks and terminals should see it.

Anyone can write an e-mail or a spreadsheet cell, so a check that reads the
text as it arrived can be walked around: fullwidth letters (``ｈｔｔｐ``), a
zero-width space inside a word, a right-to-left override that reverses what is
shown. :func:`for_checks` folds all of that away (Unicode NFKC, format
characters removed) before any pattern is matched; :func:`printable` makes a
value safe to print on a terminal, where escape sequences could clear the
screen, set the title or forge lines.
"""

from __future__ import annotations

import re
import unicodedata

# Line and paragraph separators a terminal or a header would treat as breaks.
_BREAKS = {"\u2028", "\u2029", "\x85", "\x0b", "\x0c"}


def for_checks(text: str) -> str:
    """``text`` in NFKC with format characters (zero-width, bidi controls) removed."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")


def one_line(text: str) -> str:
    """``text`` on one line: every kind of line break and run of space becomes one space."""
    return " ".join("".join(" " if ch in _BREAKS else ch for ch in text).split())


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with control and format characters shown as escapes (``\\x1b``, ``\\u202e``).

    Tabs are kept, and newlines when ``keep_newlines`` (a multi-line body);
    everything else a terminal could act on is made visible instead.
    """
    out = []
    for ch in text:
        if ch == "\t" or (ch == "\n" and keep_newlines):
            out.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs"):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def json_safe(dumped: str) -> str:
    """JSON text with every control and format character written as a ``\\u`` escape.

    ``json.dumps`` escapes C0 controls but leaves C1 controls (``\\x9b`` starts
    a terminal sequence too), bidi overrides and line separators as they are;
    those only occur inside strings, where the escape means the same thing.
    """
    return "".join(
        f"\\u{ord(ch):04x}"
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") and ch not in "\n\t"
        else ch
        for ch in dumped
    )


_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of ``text`` after :func:`for_checks`, case-folded."""
    return [w.casefold() for w in _WORD.findall(for_checks(text))]
