"""Domain types: project, customer, record (evidence) and need."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from needscope.model.vocab import (
    Credibility,
    CustomerType,
    NeedCategory,
    NeedDimension,
    NeedStatus,
    Scenario,
    SourceType,
)


@dataclass
class Constraints:
    """限制条件: budget (yuan), deadline and resources of an engagement."""

    budget: float | None = None
    deadline: date | None = None
    resources: str | None = None


@dataclass
class Project:
    """项目: one engagement for one client."""

    slug: str
    client: str
    industry: str = "restaurant"
    owner: str | None = None
    customer_type: CustomerType = CustomerType.B2C
    scenario: Scenario = Scenario.NEW_CLIENT
    constraints: Constraints = field(default_factory=Constraints)
    goals: list[str] = field(default_factory=list)
    description: str | None = None
    id: int | None = None
    created_at: datetime | None = None


@dataclass
class Customer:
    """A customer with segment attributes; ``key`` is the id used in source files."""

    key: str
    age_band: str | None = None
    gender: str | None = None
    income_band: str | None = None
    education: str | None = None
    tier: str | None = None
    region: str | None = None
    channel_ids: dict[str, str] = field(default_factory=dict)
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class Record:
    """One piece of evidence with its provenance."""

    source_type: SourceType
    credibility: Credibility
    text: str | None = None
    ratings: dict[str, float] = field(default_factory=dict)
    channel: str | None = None
    touchpoint: str | None = None
    ts: datetime | None = None
    customer_key: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    origin_file: str | None = None
    origin_sheet: str | None = None
    origin_row: int | None = None
    id: int | None = None


@dataclass
class Need:
    """需求: one line of the raw needs register (Template 1)."""

    dimension: NeedDimension
    description: str
    quote: str | None = None
    credibility: Credibility = Credibility.MEDIUM
    source_type: SourceType | None = None
    category: NeedCategory | None = None
    status: NeedStatus = NeedStatus.OPEN
    evidence: list[int] = field(default_factory=list)
    id: int | None = None
    created_at: datetime | None = None


__all__ = ["Constraints", "Customer", "Need", "Project", "Record"]
