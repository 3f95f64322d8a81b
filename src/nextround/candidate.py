"""The candidate's own name, when the settings do not give it: how the feedback greets them.

Rejections and feedback e-mails open with "Dear Priya Raman," or "Hi Priya,".
When most greetings name the same person, that is the candidate: drafts are
signed with the name and redaction knows it. Greetings to a team, or names that
disagree, give no name (drafts then end with ``[Your name]``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from nextround.models import FeedbackRecord

_GREETING = re.compile(
    r"^[ \t>]*(?i:dear|hi|hello|hey|hiya|good (?:morning|afternoon|evening))[ \t]+"
    r"(?i:(?:mr|mrs|ms|miss|mx|dr)\.?[ \t]+)?"
    r"([A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?)[ \t]*[,!:;.—–-]?[ \t]*$",
    re.MULTILINE,
)
# Words that follow "Dear"/"Hi" without being a person's name.
_NOT_NAMES = {
    "all",
    "there",
    "team",
    "everyone",
    "candidate",
    "applicant",
    "sir",
    "madam",
    "friend",
    "folks",
    "hiring",
    "again",
    "you",
    "future",
}
#: Most greetings must agree, and at least this many.
MIN_GREETINGS = 2
MIN_SHARE = 0.6


@dataclass(frozen=True)
class InferredName:
    """A name read from greetings: ``count`` of ``total`` greetings used it."""

    name: str
    count: int
    total: int

    def message(self) -> str:
        return (
            f"Your feedback greets you as {self.name} ({self.count} of {self.total} greetings): "
            "nextround signs drafts with that name and redacts it. Set candidate_name "
            "(or NEXTROUND_CANDIDATE_NAME) to use another."
        )


def greeting_name(text: str) -> str:
    """The name a message's greeting uses, or ""."""
    for m in _GREETING.finditer(text[:600]):
        name = " ".join(m.group(1).split())
        if name.split()[0].casefold() not in _NOT_NAMES:
            return name
    return ""


def infer_candidate_name(records: Sequence[FeedbackRecord]) -> InferredName | None:
    """The name most messages greet the candidate with, when that is consistent."""
    greeted = [n for r in records if r.format != "note" and (n := greeting_name(r.text))]
    if not greeted:
        return None
    firsts = Counter(n.split()[0].casefold() for n in greeted)
    (first, count), *_ = sorted(firsts.items(), key=lambda kv: (-kv[1], kv[0]))
    if count < MIN_GREETINGS or count / len(greeted) < MIN_SHARE:
        return None
    forms = Counter(n for n in greeted if n.split()[0].casefold() == first)
    full = sorted(forms.items(), key=lambda kv: (-len(kv[0].split()), -kv[1], kv[0]))[0][0]
    return InferredName(full, count, len(greeted))


def load_inferred(path: Path) -> InferredName | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return InferredName(str(data["name"]), int(data["count"]), int(data["total"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_inferred(path: Path, inferred: InferredName) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(inferred), ensure_ascii=False), encoding="utf-8")
