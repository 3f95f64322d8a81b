"""The offline theme engine: points, competencies, discovered themes, ranking.

1. Split every record into points (:mod:`~nextround.points`).
2. Tell criticism from praise, context, chatter and boilerplate (with its
   reason) with the trained point classifier (:mod:`nextround.learn.points`).
3. Match each criticism to a competency (its closest examples decide whether it
   fits one, at a calibrated threshold; a head fitted on the examples helps decide
   which); cluster the criticisms that match none, and the close calls between
   two competencies, (average linkage); drop clusters that are only the border of
   one competency; name each cluster with a noun phrase of its own words
   (:mod:`~nextround.themes.labels`); close calls no cluster took go back to
   their closest competency.
4. Group by theme, count distinct records, pick verbatim quotes, rank by
   recency-weighted record count, and put each theme into words through a
   :class:`~nextround.themes.summarize.Summarizer`.

Deterministic: the same records and options give byte-identical JSON.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Sequence

import numpy as np
import numpy.typing as npt

from nextround.learn.points import PointClassifier
from nextround.models import (
    ChosenPack,
    EngineInfo,
    FeedbackRecord,
    PackChoice,
    Quote,
    ReducedConfidence,
    Stage,
    Theme,
    ThemeReport,
    ThemeSource,
    WrittenBy,
)
from nextround.points import Point, split_points
from nextround.privacy import people_named, redact
from nextround.themes.cluster import Vectors, cluster
from nextround.themes.cues import cue_kind
from nextround.themes.evidence import discovered_practice, pick_quotes, praise_quotes
from nextround.themes.head import fit_head
from nextround.themes.keywords import class_tfidf
from nextround.themes.labels import Labeler, label_clusters
from nextround.themes.packs import Pack, choose_packs, load_packs, with_packs
from nextround.themes.ranking import ranking_text, recency_weight, record_themes
from nextround.themes.run import (
    SUPPORTED_LANGUAGES,
    AnalysisRun,
    EngineReading,
    RecordReading,
    ScoredPoint,
    ThemeGroup,
    ThemeOptions,
)
from nextround.themes.summarize import OfflineSummarizer, Summarizer, ThemeDraft, ThemeText
from nextround.themes.taxonomy import Taxonomy

__all__ = ["ENGINE_VERSION", "RecordReading", "ThemeEngine", "ThemeOptions", "discovered_practice"]

ENGINE_VERSION = "1"
BOILERPLATE_LABELS = {
    "other_candidates": "Went with other candidates",
    "role_filled": "The role was filled",
    "role_closed": "The role was closed or put on hold",
    "internal_candidate": "An internal candidate was chosen",
    "scheduling": "Scheduling and logistics",
    "eligibility": "Location, visa or eligibility",
    "no_feedback": "No individual feedback given",
}

EmbedFn = Callable[[Sequence[str]], Vectors]
#: Discovered clusters whose centroids are this alike are one theme (average linkage
#: can leave two halves of one topic apart).
MERGE_SIMILARITY = 0.8
#: Criticism points scored against every pack to choose packs: beyond this many, an
#: even sample of them (a profile of thousands of records has more than enough).
PACK_SAMPLE = 2000
#: Example vectors per (model name, examples), kept for the process: the general
#: layer and every pack hold a few thousand examples, and a batch analyses thousands
#: of profiles with the same ones.
_EXAMPLE_VECTORS: dict[tuple[str, tuple[str, ...]], Vectors] = {}
_EXAMPLE_SETS = 8


class ThemeEngine:
    """Finds themes in one profile's records.

    >>> engine = ThemeEngine(load_taxonomy(), embedder.embed)      # doctest: +SKIP
    >>> report = engine.analyse(records)                             # doctest: +SKIP
    """

    name = "offline"

    def __init__(
        self,
        taxonomy: Taxonomy,
        embed: EmbedFn,
        options: ThemeOptions | None = None,
        summarizer: Summarizer | None = None,
        model_name: str = "",
        known_names: Sequence[str] = (),
        points: PointClassifier | None = None,
        packs: Sequence[Pack] | None = None,
        chosen_packs: Sequence[str] | None = None,
        labeler: Labeler = label_clusters,
    ) -> None:
        """``taxonomy`` is the general layer; ``packs`` the role packs to choose from
        (the shipped ones by default); ``chosen_packs`` ids used instead of choosing.

        The steps that can be swapped: ``points`` (the point classifier), ``labeler``
        (names discovered themes, :func:`~nextround.themes.labels.label_clusters` by
        default) and ``summarizer`` (puts themes into words: offline or a model).
        """
        self.taxonomy = taxonomy
        self.packs = tuple(load_packs() if packs is None else packs)
        self.chosen_packs = None if chosen_packs is None else tuple(chosen_packs)
        self.full_taxonomy = with_packs(taxonomy, self.packs)
        self.labeler = labeler
        self.embed = embed
        self.options = options or ThemeOptions()
        self.summarizer = summarizer or OfflineSummarizer()
        self.model_name = model_name
        self.known_names = tuple(known_names)
        self.points = points or PointClassifier.shipped()

    # -- public -----------------------------------------------------------------

    def analyse(self, records: Sequence[FeedbackRecord]) -> ThemeReport:
        """The ranked themes of ``records``, with quotes, strengths and practice."""
        return self.read(records).report

    def read(self, records: Sequence[FeedbackRecord]) -> EngineReading:
        """The themes and every point as the engine read it (criticism, praise, competency)."""
        records = sorted(records, key=lambda r: r.id)
        by_id = {r.id: r for r in records}
        run = AnalysisRun(
            languages={r.id: r.language for r in records},
            # A discovered theme needs a third record once there is enough feedback for
            # two sentences to agree by chance.
            discovery_min=(
                max(self.options.min_records, 3) if len(records) >= 20 else self.options.min_records
            ),
        )
        points = [p for r in records for p in split_points(r)]
        scored = self._classify(points, records, run)
        discovered = self._discovered_groups(scored, run)
        groups = self._competency_groups(scored, run) + discovered
        if self.options.include_boilerplate:
            groups += self._boilerplate_groups(scored)
        latest = max((r.date for r in records if r.date), default=None)
        kept = [
            g
            for g in groups
            if len({m.point.record_id for m in g.members}) >= self.options.min_records
        ]
        drafts = [self._draft(g, by_id, records, run) for g in kept]
        merged = self._merge(kept, self.summarizer.merges(drafts))
        if merged is not kept:
            kept = merged
            drafts = [self._draft(g, by_id, records, run) for g in kept]
        texts = self.summarizer.summarize_many(drafts)
        themes = [
            self._theme(g, d, t, by_id, latest) for g, d, t in zip(kept, drafts, texts, strict=True)
        ]
        themes.sort(key=lambda t: (not t.actionable, -t.score, -len(t.feedback_ids), t.label))

        actionable_records = {s.point.record_id for s in scored if s.kind == "actionable"}
        in_themes = {i for t in themes if t.actionable for i in t.feedback_ids}
        report = ThemeReport(
            themes=themes,
            non_actionable_ids=sorted(set(by_id) - actionable_records),
            unassigned_ids=sorted(actionable_records - in_themes),
            reduced_confidence=[
                ReducedConfidence(
                    feedback_id=r.id,
                    language=r.language,
                    reason="the embedding model is trained on English; matches in this "
                    "language are less reliable",
                )
                for r in records
                if r.language not in SUPPORTED_LANGUAGES
            ],
            strengths=praise_quotes(scored, by_id),
            record_themes=record_themes(groups, themes, self.options.position_decay),
            engine=self.describe(run),
        )
        return EngineReading(report, scored, run.tax)

    def read_record(self, record: FeedbackRecord) -> RecordReading:
        """One record on its own: does it carry feedback, and what did it praise?"""
        run = AnalysisRun(languages={record.id: record.language})
        scored = self._classify(split_points(record), [record], run)
        _settle(scored)  # one record: nothing to discover
        tax = run.tax  # set by _classify, with the packs this record points to
        criticised = {s.competency for s in scored if s.kind == "actionable"}
        strengths = []
        for s in scored:
            p = s.point
            if (
                s.kind == "praise"
                and p.start >= 0
                and s.score >= tax.threshold
                and s.topic not in criticised  # praised and criticised: not a strength
                and not record.injection_suspected  # text aimed at a model shapes nothing
            ):
                strengths.append(tax.competencies[s.topic].name)
        return RecordReading(
            actionable=any(s.kind == "actionable" for s in scored),
            strengths=list(dict.fromkeys(strengths)),
        )

    def describe(self, run: AnalysisRun) -> EngineInfo:
        """What the engine is and how it was set, for the report's JSON."""
        tax = run.taxonomy if run.taxonomy is not None else self.taxonomy
        return EngineInfo(
            name=self.name,
            version=ENGINE_VERSION,
            summarizer=self.summarizer.name,
            model=self.model_name,
            taxonomy=tax.digest,
            threshold=tax.threshold,
            discovery_similarity=self.options.discovery_similarity,
            min_records=self.options.min_records,
            ranking=ranking_text(self.options),
            packs=[ChosenPack.model_validate(p.as_dict()) for p in run.packs if p.chosen],
            pack_scores={p.id: p.score for p in run.packs},
            pack_choice=(
                PackChoice.GIVEN if self.chosen_packs is not None else PackChoice.FROM_FEEDBACK
            ),
        )

    # -- classification ---------------------------------------------------------

    def _classify(
        self, points: list[Point], records: Sequence[FeedbackRecord], run: AnalysisRun
    ) -> list[ScoredPoint]:
        """Each point's kind and competency; chooses the run's packs on the way."""
        if not points:
            run.taxonomy = self.taxonomy
            run.packs = choose_packs(self.packs, records, {}, 0, self.chosen_packs)
            return []
        full = self.full_taxonomy
        vectors = self.embed([p.flat for p in points])
        own_vectors = vectors  # what the point classifier reads: the clause's own words
        # A clause ("but it stayed at the diagram level") is matched together with its
        # sentence, which names the topic; its own words still decide its polarity.
        with_context = [i for i, p in enumerate(points) if p.context]
        if with_context:
            # the sentence's vector: the mean of its clauses' vectors
            clauses: dict[tuple[str, str], list[int]] = defaultdict(list)
            for i in with_context:
                clauses[(points[i].record_id, points[i].context)].append(i)
            contexts = np.stack(
                [
                    vectors[clauses[(points[i].record_id, points[i].context)]].mean(axis=0)
                    for i in with_context
                ]
            )
            mixed = vectors[with_context] + contexts
            vectors = vectors.copy()
            vectors[with_context] = mixed / np.linalg.norm(mixed, axis=1, keepdims=True)
        # Where the model cannot read the language, its similarities are near noise: the
        # taxonomy's keywords in that language decide, at the threshold (low confidence).
        foreign = [run.languages.get(p.record_id, "en") not in SUPPORTED_LANGUAGES for p in points]
        readings = self.points.read([p.flat for p in points], own_vectors)
        # The packs: those the criticism and the records' words point to (or those given).
        # Every pack's competencies are scored on the criticism only (an even sample of
        # it in a very large profile); the chosen ones then on every point.
        criticism = [i for i, r in enumerate(readings) if r.kind == "actionable" and not foreign[i]]
        if len(criticism) > PACK_SAMPLE:
            step = len(criticism) / PACK_SAMPLE
            criticism = [criticism[int(k * step)] for k in range(PACK_SAMPLE)]
        votes: dict[str, set[str]] = defaultdict(set)
        if criticism:
            full_scores, _ = self._competency_scores(
                full,
                self._example_vectors(full),
                [points[i] for i in criticism],
                vectors[criticism],
                [False] * len(criticism),
            )
            for row, i in enumerate(criticism):
                if full_scores[row].max() >= full.threshold:
                    pack = full.competencies[int(full_scores[row].argmax())].pack
                    if pack:
                        votes[pack].add(points[i].record_id)
        criticised = len({points[i].record_id for i in criticism})
        run.packs = choose_packs(self.packs, records, votes, criticised, self.chosen_packs)
        chosen = [p for p in self.packs if p.id in {s.id for s in run.packs if s.chosen}]
        tax = run.taxonomy = with_packs(self.taxonomy, chosen)
        example_vectors = self._example_vectors(tax)
        comp_scores, keyword_hits = self._competency_scores(
            tax, example_vectors, points, vectors, foreign
        )
        head = self._head_scores(tax, example_vectors, vectors)
        # The job's own competency is the more useful reading of a criticism that fits it
        # about as well as a general one ("chatter while you explained the task" is
        # behaviour management for a teacher before it is communication).
        from_pack = np.array([bool(c.pack) for c in tax.competencies], dtype=np.float32)
        # It decides between competencies only: whether a criticism matches one at all
        # is the competency's own score (else it waits for discovery).
        # The head weighs all of a competency's examples where the nearest three may be
        # one writer's wording; it too decides only between competencies.
        preferred = (
            comp_scores
            + np.float32(self.options.pack_preference) * from_pack
            + np.float32(self.options.head_weight) * head
        )
        rows = np.arange(len(points))
        best_c = preferred.argmax(axis=1)
        best_s = comp_scores[rows, best_c]
        runner_up, lead = _runner_up(preferred, best_c)
        for i, other in enumerate(foreign):
            if other and keyword_hits[i].any():
                best_c[i] = int(np.argmax(keyword_hits[i] + 0.01 * comp_scores[i]))
                best_s[i] = max(float(best_s[i]), tax.threshold + 0.001)
        threshold = tax.threshold
        out = []
        for i, point in enumerate(points):
            s = float(best_s[i])
            item = ScoredPoint(
                point, "neutral", -1, round(s, 4), topic=int(best_c[i]), runner_up=int(runner_up[i])
            )
            if foreign[i]:
                item.kind, item.boilerplate = cue_kind(point.flat, s, threshold)
            else:
                item.kind, item.boilerplate = readings[i].kind, readings[i].reason
            if item.kind == "actionable":
                # below the threshold, or a close call, it waits for discovery
                if s < threshold:
                    pass
                elif not foreign[i] and float(lead[i]) < self.options.close_call:
                    item.close_call = True
                else:
                    item.competency = int(best_c[i])
            out.append(item)
        run.vectors = vectors
        return out

    def _competency_scores(
        self,
        tax: Taxonomy,
        example_vectors: Vectors,
        points: list[Point],
        vectors: Vectors,
        foreign: list[bool],
    ) -> tuple[Vectors, Vectors]:
        """Each point's score for each competency, and its keyword hits.

        A competency's score is the mean of its three closest examples (one lucky match
        is noise), plus a bonus when the sentence uses one of its keywords.
        """
        comp_scores = np.full((len(points), len(tax.competencies)), -1.0, dtype=np.float32)
        keyword_hits = np.zeros((len(points), len(tax.competencies)), dtype=np.float32)
        start = 0
        for c, competency in enumerate(tax.competencies):
            # one competency's similarities at a time: the full points x examples matrix
            # of every pack would hold hundreds of MB at 10,000 records
            sims = vectors @ example_vectors[start : start + len(competency.examples)].T
            start += len(competency.examples)
            top = min(3, sims.shape[1])
            comp_scores[:, c] = np.partition(sims, sims.shape[1] - top, axis=1)[:, -top:].mean(
                axis=1
            )
            pattern = competency.keyword_pattern
            if pattern is not None:
                keyword_hits[:, c] = [
                    len(pattern.findall(p.context or p.flat))
                    if other
                    else pattern.search(p.context or p.flat) is not None
                    for p, other in zip(points, foreign, strict=True)
                ]
        comp_scores += self.options.keyword_bonus * (keyword_hits > 0)
        return comp_scores, keyword_hits

    def _head_scores(self, tax: Taxonomy, example_vectors: Vectors, vectors: Vectors) -> Vectors:
        """Each point's score from a head fitted on ``tax``'s examples (zeros when off)."""
        if not self.options.head_weight or not len(vectors):
            return np.zeros((len(vectors), len(tax.competencies)), dtype=np.float32)
        sizes = [len(c.examples) for c in tax.competencies]
        return fit_head(example_vectors, sizes, self.options.head_ridge).scores(vectors)

    @staticmethod
    def forget_example_vectors() -> None:
        """Drop the example vectors kept for the process (after a model changes)."""
        _EXAMPLE_VECTORS.clear()

    def _example_vectors(self, tax: Taxonomy) -> Vectors:
        """The vectors of ``tax``'s examples in order, embedded once per process for a
        named model."""
        examples = tuple(e for c in tax.competencies for e in c.examples)
        if not self.model_name:  # an embedding function of unknown identity: no reuse
            return self.embed(examples)
        key = (self.model_name, examples)
        found = _EXAMPLE_VECTORS.get(key)
        if found is None:
            found = np.array(self.embed(examples), dtype=np.float32)
            found.setflags(write=False)  # shared by every analysis in the process
            if len(_EXAMPLE_VECTORS) >= _EXAMPLE_SETS:
                _EXAMPLE_VECTORS.pop(next(iter(_EXAMPLE_VECTORS)))
            _EXAMPLE_VECTORS[key] = found
        return found

    # -- grouping ----------------------------------------------------------------

    def _competency_groups(self, scored: list[ScoredPoint], run: AnalysisRun) -> list[ThemeGroup]:
        groups = []
        for c, competency in enumerate(run.tax.competencies):
            members = [s for s in scored if s.kind == "actionable" and s.competency == c]
            groups.append(
                ThemeGroup(
                    id=competency.id,
                    source="taxonomy",
                    name=competency.name,
                    description=competency.description,
                    practice=list(competency.practice),
                    members=members,
                )
            )
        return groups

    def _discovered_groups(self, scored: list[ScoredPoint], run: AnalysisRun) -> list[ThemeGroup]:
        pending = [
            i
            for i, s in enumerate(scored)
            if s.kind == "actionable"
            and s.competency < 0
            # other languages would cluster by language, not by topic
            and run.languages.get(s.point.record_id, "en") in SUPPORTED_LANGUAGES
        ]
        if len(pending) < 2 or run.vectors is None:
            _settle(scored)
            return []
        vectors = run.vectors
        cluster_ids = cluster(vectors[pending], self.options.discovery_similarity)
        members: dict[int, list[int]] = defaultdict(list)
        for index, cluster_id in zip(pending, cluster_ids, strict=True):
            members[cluster_id].append(index)
        kept = [
            m
            for _, m in sorted(members.items())
            if len({scored[i].point.record_id for i in m}) >= run.discovery_min
            and not _is_border([scored[i] for i in m], self.options.border_share)
        ]
        if not kept:
            _settle(scored)
            return []
        kept = self._merge_near(kept, vectors)
        centroids = []
        for m in kept:
            centroid = vectors[m].mean(axis=0)
            centroids.append(centroid / max(float(np.linalg.norm(centroid)), 1e-12))
            for i in m:
                scored[i].score = round(float(vectors[i] @ centroids[-1]), 4)
        labels = self.labeler(
            [
                [(scored[i].point.record_id, self._anonymous(scored[i].point.flat, run)) for i in m]
                for m in kept
            ],
            np.stack(centroids),
            self.embed,
            [c.name for c in run.tax.competencies],
        )
        groups: list[ThemeGroup] = []
        used: set[str] = set()
        for m, label in zip(kept, labels, strict=True):
            name = label.name or "Other recurring feedback"
            slug = _slug(name)
            while slug in used:
                slug += "-2"
            used.add(slug)
            groups.append(
                ThemeGroup(
                    id=f"discovered-{slug}",
                    source="discovered",
                    name=name,
                    members=[scored[i] for i in m],
                    phrases=list(label.phrases),
                )
            )
        _settle(scored, {i for m in kept for i in m})
        if groups:
            self._absorb(scored, groups, np.stack(centroids), run)
        return groups

    def _merge_near(self, clusters: list[list[int]], vectors: Vectors) -> list[list[int]]:
        """Near-duplicate clusters (centroids at least :data:`MERGE_SIMILARITY` alike)
        as one, the larger first."""
        merged: list[list[int]] = []
        heads: list[Vectors] = []
        for m in sorted(clusters, key=lambda m: (-len(m), m[0])):
            centroid = vectors[m].mean(axis=0)
            centroid /= max(float(np.linalg.norm(centroid)), 1e-12)
            near = [k for k, h in enumerate(heads) if float(h @ centroid) >= MERGE_SIMILARITY]
            if near:
                merged[near[0]] = sorted(merged[near[0]] + m)
            else:
                merged.append(sorted(m))
                heads.append(centroid)
        return sorted(merged, key=lambda m: m[0])

    def _absorb(
        self,
        scored: list[ScoredPoint],
        groups: list[ThemeGroup],
        centroids: Vectors,
        run: AnalysisRun,
    ) -> None:
        """Move weak competency matches to a discovered theme they sit closer to.

        A theme the taxonomy does not know (say, accessibility) first shows up
        through its clearest sentences; its vaguer sentences had been pulled to the
        nearest competency and now join it.
        """
        margin = self.options.absorb_margin
        weak = [
            i
            for i, s in enumerate(scored)
            if s.kind == "actionable"
            and s.competency >= 0
            and s.score < run.tax.threshold + margin
            and run.languages.get(s.point.record_id, "en") in SUPPORTED_LANGUAGES
        ]
        if not weak or run.vectors is None:
            return
        sims = run.vectors[weak] @ centroids.T
        for row, i in enumerate(weak):
            best = int(sims[row].argmax())
            if sims[row, best] >= self.options.discovery_similarity + margin and (
                sims[row, best] > scored[i].score
            ):
                scored[i].competency = -1
                scored[i].score = round(float(sims[row, best]), 4)
                groups[best].members.append(scored[i])

    def _boilerplate_groups(self, scored: list[ScoredPoint]) -> list[ThemeGroup]:
        by_kind: dict[str, list[ScoredPoint]] = defaultdict(list)
        for s in scored:
            if s.kind == "boilerplate":
                by_kind[s.boilerplate].append(s)
        return [
            ThemeGroup(
                id=f"boilerplate-{kind.replace('_', '-')}",
                source="boilerplate",
                name=BOILERPLATE_LABELS.get(kind, kind.replace("_", " ").capitalize()),
                members=members,
            )
            for kind, members in sorted(by_kind.items())
        ]

    # -- output ------------------------------------------------------------------

    def _merge(self, groups: list[ThemeGroup], merges: list[list[int]]) -> list[ThemeGroup]:
        """Fold each merge group into its theme raised by the most records."""
        valid = [
            sorted(set(m))
            for m in merges
            if len(set(m)) >= 2
            and all(0 <= i < len(groups) and groups[i].source != "boilerplate" for i in m)
        ]
        if not valid:
            return groups
        gone: set[int] = set()
        for members in valid:
            members.sort(key=lambda i: (-len({m.point.record_id for m in groups[i].members}), i))
            head = groups[members[0]]
            for i in members[1:]:
                head.members.extend(groups[i].members)
                gone.add(i)
            head.merged_from.extend(groups[i].id for i in members[1:])
        return [g for i, g in enumerate(groups) if i not in gone]

    def _draft(
        self,
        group: ThemeGroup,
        by_id: dict[str, FeedbackRecord],
        records: Sequence[FeedbackRecord],
        run: AnalysisRun,
    ) -> ThemeDraft:
        ids = sorted({m.point.record_id for m in group.members})
        theme_records = [by_id[i] for i in ids]
        dates = sorted(r.date for r in theme_records if r.date)
        stages = Counter(r.stage.value for r in theme_records)
        known = [(n, s) for s, n in stages.items() if s != Stage.UNKNOWN.value]
        top_stage = max(known, key=lambda x: (x[0], x[1]))[1] if known else None
        quotes = pick_quotes(group.members, by_id, self.options.max_quotes)
        own_words = [self._anonymous(m.point.flat, run) for m in group.members]
        keywords = class_tfidf([own_words], top=6)[0]
        practice = group.practice
        if group.source == "discovered":
            keywords = list(dict.fromkeys(group.phrases + keywords))[:6]
            practice = practice or discovered_practice(group.name, quotes, len(ids))
        return ThemeDraft(
            id=group.id,
            source=group.source,
            name=group.name,
            description=group.description,
            keywords=keywords,
            quotes=quotes,
            record_count=len(ids),
            total_records=len(records),
            stage=top_stage,
            stage_count=stages.get(top_stage, 0) if top_stage else 0,
            stage_total=sum(1 for r in records if top_stage and r.stage.value == top_stage),
            last_seen=dates[-1].isoformat() if dates else None,
            since=dates[0].isoformat() if dates else None,
            practice=practice,
            redacted_quotes=[self._redacted(q, by_id[q.feedback_id]) for q in quotes]
            if self.summarizer.reads_quotes
            else [],
        )

    def _anonymous(self, text: str, run: AnalysisRun) -> str:
        """The text without people's names, so no name becomes a theme label or keyword."""
        if text not in run.anonymised:
            run.anonymised[text] = redact(text).text
        return run.anonymised[text]

    def _redacted(self, quote: Quote, record: FeedbackRecord) -> str:
        return redact(quote.text, known_names=people_named([record], self.known_names)).text

    def _theme(
        self,
        group: ThemeGroup,
        draft: ThemeDraft,
        text: ThemeText,
        by_id: dict[str, FeedbackRecord],
        latest: dt.date | None,
    ) -> Theme:
        ids = sorted({m.point.record_id for m in group.members})
        theme_records = [by_id[i] for i in ids]
        stages = Counter(r.stage.value for r in theme_records)
        months = Counter(r.date.strftime("%Y-%m") for r in theme_records if r.date)
        order = [i for i in text.quote_order if 0 <= i < len(draft.quotes)]
        quotes = [draft.quotes[i] for i in order] + [
            q for i, q in enumerate(draft.quotes) if i not in order
        ]
        return Theme(
            id=group.id,
            label=text.label,
            summary=text.summary,
            actionable=group.source != "boilerplate",
            feedback_ids=ids,
            quotes=quotes,
            keywords=draft.keywords,
            stages=dict(sorted(stages.items())),
            months=dict(sorted(months.items())),
            first_seen=draft.since,
            last_seen=draft.last_seen,
            practice=text.practice,
            source=ThemeSource(group.source),
            score=round(recency_weight(theme_records, latest, self.options.half_life_days), 4),
            written_by=WrittenBy(text.written_by),
            merged_from=group.merged_from,
        )


def _runner_up(
    preferred: Vectors, best: npt.NDArray[np.intp]
) -> tuple[npt.NDArray[np.intp], Vectors]:
    """Each row's second competency and how far the best leads it (inf with one)."""
    rows = np.arange(len(preferred))
    if preferred.shape[1] < 2:
        return np.full(len(preferred), -1, dtype=np.intp), np.full(len(preferred), np.inf)
    others = preferred.copy()
    others[rows, best] = -np.inf
    second = others.argmax(axis=1)
    return second, preferred[rows, best] - others[rows, second]


def _is_border(members: Sequence[ScoredPoint], share: float) -> bool:
    """Whether a cluster is mostly close calls that involve one and the same competency."""
    involved: Counter[int] = Counter()
    for s in members:
        if s.close_call:
            involved.update({s.topic, s.runner_up})
    return bool(involved) and max(involved.values()) > share * len(members)


def _settle(scored: Sequence[ScoredPoint], taken: Collection[int] = ()) -> None:
    """Close calls no discovered theme took (all but ``taken``) go to their best competency."""
    for i, s in enumerate(scored):
        if s.close_call and i not in taken:
            s.competency = s.topic
            s.close_call = False


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "theme"
