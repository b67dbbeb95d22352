"""Journey, touchpoints, blueprint lanes, personas and stakeholders: the shared data shapes.

A ``Journey`` is what a person edits (YAML/JSON, Python API, CLI).  An ``Evaluation`` is what
the data say about it (computed by ``needscope.journey.evaluate``).  Renderers read both and
nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from needscope.model.vocab import (
    KanoClass,
    Lang,
    StakeholderKind,
    TouchChannel,
    TouchpointLayer,
)


@dataclass(frozen=True)
class Bi:
    """A short text in Chinese and English; either may be empty (the other is shown)."""

    zh: str = ""
    en: str = ""

    def label(self, lang: Lang = "zh") -> str:
        """The text in ``lang``, or in the other language when that one is empty."""
        first, second = (self.zh, self.en) if lang == "zh" else (self.en, self.zh)
        return first or second


@dataclass(frozen=True)
class JourneyStage:
    """One stage of the customer journey, in order, with what the customer does there."""

    id: str
    name: Bi
    customer_actions: tuple[Bi, ...] = ()


@dataclass(frozen=True)
class Touchpoint:
    """A point where customer and business meet, placed in a stage and a blueprint layer.

    ``tags`` are text-engine tag ids (``service.wait_time``): records carrying one land here.
    ``names`` are values of a record's ``touchpoint`` (or ``channel``) field that mean this
    touchpoint.  ``survey_items`` are rating keys (CSAT/CES items) measured at this touchpoint;
    ``kano_attributes`` are KANO attribute names that belong here.  ``evidence`` is what the
    customer sees or holds (服务蓝图的有形展示); ``action`` is what staff or systems do here
    (front-stage, back-stage or support, by ``layer``).
    """

    id: str
    name: Bi
    stage: str
    layer: TouchpointLayer = TouchpointLayer.FRONT
    channel: TouchChannel = TouchChannel.PERSON
    department: Bi = field(default_factory=Bi)
    tags: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    survey_items: tuple[str, ...] = ()
    kano_attributes: tuple[str, ...] = ()
    evidence: Bi = field(default_factory=Bi)
    action: Bi = field(default_factory=Bi)


@dataclass(frozen=True)
class Stakeholder:
    """A party with a stake in the service; ``influence`` and ``interest`` run 1–5."""

    id: str
    name: Bi
    kind: StakeholderKind
    influence: int
    interest: int
    role: Bi = field(default_factory=Bi)


@dataclass(frozen=True)
class Journey:
    """A project's journey: stages in order, touchpoints, stakeholders and the to-be plan.

    ``to_be`` maps a stage id to the improvements planned there (shown beside the as-is map).
    """

    stages: tuple[JourneyStage, ...]
    touchpoints: tuple[Touchpoint, ...]
    stakeholders: tuple[Stakeholder, ...] = ()
    to_be: dict[str, tuple[Bi, ...]] = field(default_factory=dict)
    industry: str = "generic"

    def stage_ids(self) -> tuple[str, ...]:
        """Stage ids in journey order."""
        return tuple(s.id for s in self.stages)

    def touchpoints_of(self, stage_id: str) -> tuple[Touchpoint, ...]:
        """Touchpoints of one stage, in inventory order."""
        return tuple(t for t in self.touchpoints if t.stage == stage_id)


@dataclass(frozen=True)
class Quote:
    """A customer's own words, with the record it came from."""

    record_id: int
    text: str
    sentiment: float | None = None


@dataclass(frozen=True)
class PainPoint:
    """A problem tag found at a touchpoint or stage, how often, and a quote."""

    tag: str
    name: Bi
    count: int
    share: float
    quote: Quote | None = None


@dataclass(frozen=True)
class TouchpointScore:
    """What the records say about one touchpoint.

    ``sentiment_mean``/``sentiment_sd`` are over the records' sentiment scores (−1…1);
    ``distribution`` counts positive/neutral/negative.  ``complaint_share`` is the share of the
    touchpoint's records that are complaints or negative.  ``importance`` is driver importance
    when a survey item maps here, else the touchpoint's share of all tagged volume (its
    ``importance_source`` says which).  ``opportunity`` = importance × (1 + dissatisfaction),
    dissatisfaction being the complaint share.  ``mot`` flags a moment of truth and
    ``mot_reason`` says why (or why not) in both languages.
    """

    touchpoint: str
    n: int
    complaints: int
    complaint_share: float
    sentiment_mean: float | None
    sentiment_sd: float | None
    distribution: dict[str, int]
    csat: float | None = None
    ces: float | None = None
    pains: tuple[PainPoint, ...] = ()
    quotes: tuple[Quote, ...] = ()
    kano: dict[str, KanoClass] = field(default_factory=dict)
    importance: float = 0.0
    importance_source: str = "volume"
    opportunity: float = 0.0
    mot: bool = False
    mot_reason: Bi = field(default_factory=Bi)
    wait_point: bool = False
    fail_point: bool = False


@dataclass(frozen=True)
class StageScore:
    """What the records say about one stage: the emotion curve's point and its spread."""

    stage: str
    n: int
    sentiment_mean: float | None
    sentiment_sd: float | None
    sentiment_q25: float | None
    sentiment_q75: float | None
    complaint_share: float
    thoughts: tuple[Quote, ...] = ()
    pains: tuple[PainPoint, ...] = ()
    opportunities: tuple[Bi, ...] = ()


@dataclass(frozen=True)
class Evaluation:
    """A journey scored from the records of one segment (``segment`` empty = all records)."""

    journey: Journey
    stages: tuple[StageScore, ...]
    touchpoints: tuple[TouchpointScore, ...]
    segment: Bi = field(default_factory=Bi)
    n_records: int = 0

    def stage_score(self, stage_id: str) -> StageScore | None:
        """The score of ``stage_id``, if it has one."""
        return next((s for s in self.stages if s.stage == stage_id), None)

    def touchpoint_score(self, touchpoint_id: str) -> TouchpointScore | None:
        """The score of ``touchpoint_id``, if it has one."""
        return next((t for t in self.touchpoints if t.touchpoint == touchpoint_id), None)


@dataclass(frozen=True)
class Persona:
    """A customer persona built from a segment, with its needs, words and channels."""

    id: str
    name: Bi
    segment: Bi
    size: int
    share: float
    facts: tuple[Bi, ...] = ()
    needs: tuple[Bi, ...] = ()
    expectations: tuple[Bi, ...] = ()
    quotes: tuple[Quote, ...] = ()
    channels: tuple[str, ...] = ()


__all__ = [
    "Bi",
    "Evaluation",
    "Journey",
    "JourneyStage",
    "PainPoint",
    "Persona",
    "Quote",
    "StageScore",
    "Stakeholder",
    "Touchpoint",
    "TouchpointScore",
]
