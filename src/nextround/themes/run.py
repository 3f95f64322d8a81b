"""The theme engine's options, and the state one analysis passes through its steps.

:class:`ThemeOptions` are the engine's knobs. An :class:`AnalysisRun` is created by
:meth:`~nextround.themes.engine.ThemeEngine.analyse` for one analysis and handed
to each step; :class:`ScoredPoint` is one point of feedback as the engine read it,
and :class:`ThemeGroup` the points that make up one candidate theme.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nextround.models import ThemeReport
from nextround.points import Point
from nextround.themes.cluster import Vectors
from nextround.themes.packs import PackScore
from nextround.themes.taxonomy import Taxonomy

SUPPORTED_LANGUAGES = ("en", "unknown")  # what the bundled model reads well


@dataclass(frozen=True)
class ThemeOptions:
    """Knobs of the engine. The defaults are calibrated on the labelled corpus."""

    min_records: int = 2
    #: The similarity cut of discovery's clustering. On the dev theme corpora (six
    #: professions and the software corpus) 0.35 gave mean strict recall 0.752, 0.30
    #: 0.819, 0.28 and 0.25 0.848 (the chef's, where no pack applies, 0.4 -> 0.8).
    discovery_similarity: float = 0.28
    half_life_days: float = 90.0
    max_quotes: int = 3
    keyword_bonus: float = 0.15
    #: Added to a role pack's competency scores when choosing between competencies. On
    #: the dev theme corpora (six professions and the software corpus) 0.03 raised mean
    #: strict theme recall from 0.724 to 0.752 and NMI from 0.682 to 0.695; 0.06 gave less.
    pack_preference: float = 0.03
    #: Weight of the competency head (:mod:`nextround.themes.head`) when choosing
    #: between competencies, and its ridge penalty. Measured on the 1,640 examples
    #: written by the second group of writers, with the head and nearest examples
    #: built from the first group's: right competency 0.576 without the head, 0.603
    #: at 0.3 (ridge 1.0; 0.598 at 0.2, 0.594 at 0.5).
    head_weight: float = 0.3
    head_ridge: float = 1.0
    absorb_margin: float = 0.1
    #: A criticism whose best competency leads the runner-up by less than this (on the
    #: scores that choose between competencies) is a close call: it waits for
    #: discovery beside the criticism no competency matched, and goes back to its best
    #: competency when no discovered theme takes it. Feedback on a topic the packs lack
    #: ("the outage scenario") is spread over several near competencies, each only just
    #: ahead; with this, it can recur. See the README (themes, "what was tuned on what").
    close_call: float = 0.02
    #: A discovered cluster where one competency is in more than this share of its
    #: members' close calls is the border between that competency and its neighbours,
    #: not a new topic ("the ambiguous prompt" between problem solving and
    #: communication): it is dissolved and its close calls go back.
    border_share: float = 0.7
    position_decay: float = 0.2
    include_boilerplate: bool = True


@dataclass(frozen=True)
class RecordReading:
    """What one record says, as the replies need it."""

    actionable: bool  # it carries feedback the candidate can act on
    strengths: list[str]  # competency names the record praised, strongest first


@dataclass(frozen=True)
class EngineReading:
    """One analysis with what it read: the report, every scored point, the taxonomy used.

    ``points[i].topic`` indexes ``taxonomy.competencies``; a praise point names a
    competency only when its ``score`` reaches ``taxonomy.threshold``.
    """

    report: ThemeReport
    points: list[ScoredPoint]
    taxonomy: Taxonomy


@dataclass
class AnalysisRun:
    """One analysis: the state its steps share, created by :meth:`ThemeEngine.analyse`."""

    languages: dict[str, str]  # record id -> language
    discovery_min: int = 2  # records a discovered theme needs
    taxonomy: Taxonomy | None = None  # the general layer and the packs in use
    packs: list[PackScore] = field(default_factory=list)  # every pack, scored
    vectors: Vectors | None = None  # of the points, as matched
    anonymised: dict[str, str] = field(default_factory=dict)  # text -> text without names

    @property
    def tax(self) -> Taxonomy:
        if self.taxonomy is None:
            raise RuntimeError("the run has not matched competencies yet")
        return self.taxonomy


@dataclass
class ScoredPoint:
    """One point of feedback: its kind, the competency it matched and how well."""

    point: Point
    kind: str  # "actionable" | "praise" | "boilerplate" | "chatter" | "neutral"
    competency: int = -1
    score: float = 0.0
    boilerplate: str = ""
    topic: int = -1  # the closest competency, whatever the kind (for strengths)
    runner_up: int = -1  # the second closest competency
    close_call: bool = False  # criticism waiting for discovery: see ThemeOptions.close_call


@dataclass
class ThemeGroup:
    """The points that make up one candidate theme, before it is put into words."""

    id: str
    source: str
    name: str
    description: str = ""
    practice: list[str] = field(default_factory=list)
    members: list[ScoredPoint] = field(default_factory=list)
    merged_from: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)  # a discovered theme's own phrases
