"""The service object the CLI, the web app and Python users share."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from needscope.model import (
    Constraints,
    Credibility,
    CustomerType,
    Need,
    NeedDimension,
    Project,
    Scenario,
    SourceType,
)
from needscope.services import customers as _customers
from needscope.services import export as _export
from needscope.services import importer as _importer
from needscope.services import projects as _projects
from needscope.services import records as _records
from needscope.services import register as _register
from needscope.services import run as _run
from needscope.settings import Settings
from needscope.store import Store


class ProjectHandle:
    """One project of a workspace: import, read, register needs, run the main job."""

    def __init__(self, workspace: Workspace, slug: str) -> None:
        self.workspace = workspace
        self.slug = slug

    @property
    def store(self) -> Store:
        """The store the project lives in."""
        return self.workspace.store

    def info(self) -> Project:
        """The project's facts."""
        return _projects.get_project(self.store, self.slug)

    def import_file(
        self,
        path: str | Path,
        *,
        source_type: SourceType | str,
        credibility: Credibility | str | None = None,
        **options: Any,
    ) -> _importer.ImportReport:
        """Import a file of records (see ``import_records`` for the options)."""
        return _importer.import_records(
            self.store,
            self.slug,
            path,
            source_type=source_type,
            credibility=credibility,
            **options,
        )

    def import_customers(self, path: str | Path, **options: Any) -> int:
        """Import or update customers from a file."""
        return _customers.import_customers(self.store, self.slug, path, **options)

    def records(self, **filters: Any) -> pd.DataFrame:
        """Records as a DataFrame (filters: source_type, credibility, contains, limit)."""
        return _records.records_frame(self.store, self.slug, **filters)

    def customers(self) -> pd.DataFrame:
        """Customers as a DataFrame."""
        return _customers.customers_frame(self.store, self.slug)

    def needs(self, status: str | None = None) -> pd.DataFrame:
        """The needs register as a DataFrame."""
        return _register.needs_frame(self.store, self.slug, status=status)

    def add_need(
        self,
        description: str,
        *,
        dimension: NeedDimension | str = NeedDimension.EXPECTATION,
        quote: str | None = None,
        credibility: Credibility | str = Credibility.MEDIUM,
        source_type: SourceType | str | None = None,
        evidence: Iterable[int] = (),
    ) -> Need:
        """Add a need to the register, linked to evidence records."""
        need = Need(
            dimension=NeedDimension.parse(dimension),
            description=description,
            quote=quote,
            credibility=Credibility.parse(credibility),
            source_type=SourceType.parse(source_type) if source_type else None,
            evidence=list(evidence),
        )
        return _register.add_need(self.store, self.slug, need)

    def link_evidence(self, need_id: int, record_ids: Iterable[int]) -> int:
        """Link records to a need; returns the number of new links."""
        return _register.link_evidence(self.store, self.slug, need_id, record_ids)

    def update_need(self, need_id: int, **changes: Any) -> None:
        """Change a need's fields."""
        _register.update_need(self.store, self.slug, need_id, **changes)

    def set_need_scores(self, need_id: int, **scores: int | None) -> dict[str, int]:
        """Set priority sub-scores (1–5) a person decided; they override the suggested ones."""
        return _register.set_need_scores(self.store, self.slug, need_id, **scores)

    def set_need_feasibility(self, need_id: int, **inputs: float | None) -> dict[str, float]:
        """Set feasibility inputs: cost, benefit (per month), risks 1–5, resources."""
        return _register.set_need_feasibility(self.store, self.slug, need_id, **inputs)

    def set_five_why(self, need_id: int, tree: Any) -> None:
        """Store a 5-Why tree (a ``FiveWhy`` or its ``to_dict()``); None removes it."""
        data = tree.to_dict() if hasattr(tree, "to_dict") else tree
        _register.set_five_why(self.store, self.slug, need_id, data)

    def five_why(self, need_id: int) -> Any:
        """The need's 5-Why tree as a ``FiveWhy`` (None when there is none)."""
        from needscope.methods.fivewhy import FiveWhy

        data = _register.five_why_of(self.store, self.slug, need_id)
        return FiveWhy.from_dict(data) if data else None

    def label_record(
        self,
        record_id: int,
        *,
        aspects: Any = None,
        sentiment: str | None = None,
        author: str | None = None,
    ) -> dict[str, Any]:
        """Set a person's aspect labels ({aspect: polarity} or "a:pol|…") and/or sentiment."""
        from needscope.services import labels as _labels

        return _labels.set_record_labels(
            self.store, self.slug, record_id, aspects=aspects, sentiment=sentiment, author=author
        )

    def review_queue(self, n: int = 20) -> pd.DataFrame:
        """The records whose tags are least certain and not labelled yet, to label first."""
        from needscope.services import labels as _labels

        return _labels.least_certain(self.store, self.slug, n)

    def topics(self, **params: Any) -> pd.DataFrame:
        """Topics among the records no tag covers, with ids, key words, sizes and quotes."""
        from needscope.services import labels as _labels

        return _labels.project_topics(self.store, self.slug, **params)

    def promote_topic(self, topic: Any, tag_id: str, zh: str, en: str, **options: Any) -> Any:
        """Add a topic to the project's own tags (options: parent, stage, layer)."""
        from needscope.services import labels as _labels

        return _labels.promote_topic(self.store, self.slug, topic, tag_id, zh, en, **options)

    def journey(self) -> Any:
        """The project's ``Journey``: the saved one, else its industry's default."""
        from needscope.services.journey import project_journey

        return project_journey(self.store, self.slug)

    def save_journey(self, journey: Any) -> Any:
        """Validate and store a ``Journey`` (or its plain dict form); returns the stored one."""
        from needscope.services.journey import save_journey

        return save_journey(self.store, self.slug, journey)

    def evaluate_journey(self, segment: str | None = None, lang: Literal["zh", "en"] = "zh") -> Any:
        """The journey scored from the records (an ``Evaluation``), optionally for a segment."""
        from needscope.services.journey import evaluate_project

        return evaluate_project(self.store, self.slug, segment=segment, lang=lang)

    def personas(self, by: str = "rfm", lang: Literal["zh", "en"] = "zh") -> Any:
        """Personas (a tuple of ``Persona``) from RFM segments or a customer attribute."""
        from needscope.services.journey import project_personas

        return project_personas(self.store, self.slug, by=by, lang=lang)

    def render_journey(
        self,
        out_dir: str | Path,
        lang: Literal["zh", "en"] = "zh",
        formats: str | Iterable[str] = ("svg",),
        segment: str | None = None,
    ) -> list[Path]:
        """Write the journey map, blueprint, personas and stakeholder map (svg/png/pdf)."""
        from needscope.services.journey import render_project

        return render_project(
            self.store, self.slug, out_dir, lang=lang, formats=formats, segment=segment
        )

    def export_template1(self, path: str | Path, lang: Literal["zh", "en"] = "zh") -> Path:
        """Write Template 1 to an XLSX, CSV or JSON file."""
        return _export.export_template1(self.store, self.slug, Path(path), lang=lang)

    def plan(self) -> Any:
        """The stored service plan (a ``needscope.plan.Plan``), None when there is none."""
        from needscope.services.plan import load_plan

        return load_plan(self.store, self.slug)

    def save_plan(self, plan: Any) -> Any:
        """Validate and store a plan (a ``Plan`` or its document); returns it as stored."""
        from needscope.services.plan import save_plan

        return save_plan(self.store, self.slug, plan)

    def draft_plan(self, *, start: Any = None, lang: Literal["zh", "en"] = "zh") -> Any:
        """Draft and store a plan from the prioritised needs (``start``: week 1's first day)."""
        from datetime import date

        from needscope.services.plan import draft_plan

        day = date.fromisoformat(start) if isinstance(start, str) else start
        return draft_plan(self.store, self.slug, start=day, lang=lang)

    def check_goal(self, text: str, lang: Literal["zh", "en"] = "zh") -> Any:
        """SMART check of a goal against the project's needs and data (a ``SmartResult``)."""
        from needscope.services.plan import check_project_goal

        return check_project_goal(self.store, self.slug, text, lang)

    def add_tracking(self, task: str, **row: Any) -> Any:
        """Record a task's completion in Template 4 (actual, quality, problem, fix, planned)."""
        from needscope.services.plan import add_tracking

        return add_tracking(self.store, self.slug, task, **row)

    def feedback(self, *, write_needs: bool = False, lang: Literal["zh", "en"] = "zh",
                 **launch: Any) -> Any:  # fmt: skip
        """The feedback loop of the launch (a ``FeedbackRun``); ``launch``, ``treated``,
        ``window_days`` override the plan's launch; ``write_needs`` adds new needs as candidates."""
        from needscope.services.feedback import run_feedback

        return run_feedback(self.store, self.slug, write_needs=write_needs, lang=lang, **launch)

    def proposal(self, out_dir: str | Path, *, lang: Literal["zh", "en"] = "zh") -> Any:
        """Write the proposal (proposal.docx and proposal.pdf) to ``out_dir``."""
        from needscope.services.proposal import write_proposal

        return write_proposal(self.store, self.slug, Path(out_dir), lang=lang)

    def run(
        self,
        out_dir: str | Path | None = None,
        *,
        lang: Literal["zh", "en"] | None = None,
        progress: _run.StepProgress | None = None,
        force: bool = False,
    ) -> _run.RunResult:
        """Run the main job: the HTML report and the XLSX workbook."""
        settings = self.workspace.settings
        out = Path(out_dir) if out_dir else settings.output_dir / self.slug
        return _run.run_project(
            self.store,
            self.slug,
            out,
            lang=lang or settings.language,
            progress=progress,
            force=force,
        )


class Workspace:
    """A store of projects opened from settings or an explicit database URL."""

    def __init__(self, database_url: str | None = None, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        if database_url:
            self.settings = self.settings.model_copy(update={"database_url": database_url})
        self.store = Store(self.settings.database_url)

    def create_project(
        self,
        slug: str,
        client: str,
        *,
        industry: str = "restaurant",
        owner: str | None = None,
        customer_type: CustomerType | str = CustomerType.B2C,
        scenario: Scenario | str = Scenario.NEW_CLIENT,
        budget: float | None = None,
        deadline: Any = None,
        resources: str | None = None,
        goals: Iterable[str] = (),
        description: str | None = None,
    ) -> ProjectHandle:
        """Create a project and return its handle."""
        from datetime import date

        if isinstance(deadline, str):
            deadline = date.fromisoformat(deadline)
        project = Project(
            slug=slug,
            client=client,
            industry=industry,
            owner=owner,
            customer_type=CustomerType.parse(customer_type),
            scenario=Scenario.parse(scenario),
            constraints=Constraints(budget=budget, deadline=deadline, resources=resources),
            goals=list(goals),
            description=description,
        )
        _projects.create_project(self.store, project)
        return ProjectHandle(self, slug)

    def project(self, slug: str) -> ProjectHandle:
        """The handle of an existing project."""
        _projects.get_project(self.store, slug)
        return ProjectHandle(self, slug)

    def has_project(self, slug: str) -> bool:
        """Whether a project called ``slug`` exists."""
        return any(p.slug == slug for p in _projects.list_projects(self.store))

    def projects(self) -> list[Project]:
        """All projects."""
        return _projects.list_projects(self.store)

    def close(self) -> None:
        """Release database connections."""
        self.store.dispose()


def open_workspace(database_url: str | None = None) -> Workspace:
    """Open the workspace at ``database_url`` (default: settings, i.e. ``needscope.db``)."""
    return Workspace(database_url)


__all__ = ["ProjectHandle", "Workspace", "open_workspace"]
