"""A project's journey: stored or default inventory, evaluation from the store, personas, files."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from needscope.errors import InputError
from needscope.journey.evaluate import evaluate
from needscope.journey.inventory import (
    default_journey,
    dump_journey,
    journey_from_dict,
    journey_to_dict,
    load_journey,
)
from needscope.journey.model import Evaluation, Journey, Persona
from needscope.journey.personas import build_personas, rfm_segments
from needscope.services.docs import project_doc, save_project_doc
from needscope.services.enrich import pack_for, text_frame
from needscope.services.projects import get_project
from needscope.services.records import records_frame
from needscope.services.survey import MethodData
from needscope.store import Store
from needscope.text.packs import Pack, load_pack

Lang = Literal["zh", "en"]
FORMATS = ("svg", "png", "pdf")
STORED = "<stored journey>"


def project_pack(store: Store, slug: str) -> Pack:
    """The industry pack the project's records are tagged with."""
    return load_pack(pack_for(get_project(store, slug)))


def journey_from_doc(doc: Mapping[str, Any] | None, pack: Pack) -> Journey:
    """A stored journey document as a ``Journey``, or the pack's default when there is none."""
    if doc is None:
        return default_journey(pack.industry.value)
    return journey_from_dict(doc, STORED, known_tags=pack.ids())


def project_journey(store: Store, slug: str) -> Journey:
    """The project's journey: the saved one, else the default of its industry."""
    return journey_from_doc(project_doc(store, slug, "journey"), project_pack(store, slug))


def has_saved_journey(store: Store, slug: str) -> bool:
    """Whether the project has a saved journey."""
    return project_doc(store, slug, "journey") is not None


def save_journey(store: Store, slug: str, journey: Journey | Mapping[str, Any]) -> Journey:
    """Validate and store the project's journey (a ``Journey`` or its plain form)."""
    pack = project_pack(store, slug)
    doc = journey_to_dict(journey) if isinstance(journey, Journey) else dict(journey)
    checked = journey_from_dict(doc, STORED, known_tags=pack.ids())
    save_project_doc(store, slug, "journey", journey_to_dict(checked))
    return checked


def init_journey(store: Store, slug: str, *, force: bool = False) -> Journey:
    """Save the industry's default journey; an existing journey is kept unless ``force``."""
    if has_saved_journey(store, slug) and not force:
        raise InputError("the project already has a journey; use force to replace it")
    pack = project_pack(store, slug)
    return save_journey(store, slug, default_journey(pack.industry.value))


def import_journey(store: Store, slug: str, path: str | Path) -> Journey:
    """Read, validate and store a journey file; nothing is stored when the file is bad."""
    pack = project_pack(store, slug)
    journey = load_journey(path, known_tags=pack.ids())
    save_project_doc(store, slug, "journey", journey_to_dict(journey))
    return journey


def export_journey(store: Store, slug: str, path: str | Path) -> Path:
    """Write the project's journey (saved or default) as YAML or JSON by suffix."""
    return dump_journey(project_journey(store, slug), path)


# --------------------------------------------------------------------------- evaluation


@dataclass
class JourneyInputs:
    """What evaluation and personas read from a project, loaded once."""

    journey: Journey
    text: pd.DataFrame
    data: MethodData
    pack: Pack


def evaluate_with(
    inputs: JourneyInputs, *, segment: str | None = None, lang: Lang = "zh"
) -> Evaluation:
    """Score ``inputs.journey`` on the records (all, or those of ``segment``)."""
    data = inputs.data
    survey = data.survey
    has_survey = not survey.empty
    needs_rfm = bool(segment) and "rfm" in str(segment).lower()
    return evaluate(
        inputs.journey,
        inputs.text,
        survey=survey if has_survey else None,
        survey_columns=data.columns if has_survey else None,
        segment=segment,
        customers=data.customers,
        rfm_segments=rfm_segments(data.orders) if needs_rfm else None,
        cohorts=data.cohorts,
        pack=inputs.pack,
        lang=lang,
    )


def personas_with(
    inputs: JourneyInputs, *, by: str = "rfm", lang: Lang = "zh"
) -> tuple[Persona, ...]:
    """Personas of the project's customers (RFM segments, else member tiers or age bands)."""
    data = inputs.data
    personas = build_personas(
        inputs.text, data.customers, data.orders, pack=inputs.pack, by=by, lang=lang
    )
    if personas or by != "rfm":
        return personas
    for attr in ("tier", "age_band"):
        if attr in data.customers.columns and data.customers[attr].notna().any():
            return build_personas(
                inputs.text, data.customers, data.orders, pack=inputs.pack, by=attr, lang=lang
            )
    return ()


def load_inputs(store: Store, slug: str, lang: Lang = "zh") -> JourneyInputs:
    """The project's journey, enriched records and survey/orders tables."""
    from needscope.services.customers import customers_frame

    records = records_frame(store, slug, with_details=True)
    data = MethodData(records, customers_frame(store, slug), lang)
    return JourneyInputs(project_journey(store, slug), text_frame(store, slug), data,
                         project_pack(store, slug))  # fmt: skip


def evaluate_project(
    store: Store, slug: str, *, segment: str | None = None, lang: Lang = "zh"
) -> Evaluation:
    """Score the project's journey from its stored, enriched records."""
    return evaluate_with(load_inputs(store, slug, lang), segment=segment, lang=lang)


def project_personas(
    store: Store, slug: str, *, by: str = "rfm", lang: Lang = "zh"
) -> tuple[Persona, ...]:
    """Personas of the project's customers."""
    return personas_with(load_inputs(store, slug, lang), by=by, lang=lang)


# --------------------------------------------------------------------------- files


def parse_formats(formats: str | Iterable[str]) -> tuple[str, ...]:
    """Output formats from ``"svg,png"`` or a list; each one of svg, png, pdf."""
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    out = tuple(dict.fromkeys(f.strip().lower().lstrip(".") for f in items if f.strip()))
    bad = [f for f in out if f not in FORMATS]
    if bad or not out:
        raise InputError(
            f"formats must be among {', '.join(FORMATS)}; got {', '.join(bad) or 'none'}"
        )
    return out


def figures(
    evaluation: Evaluation, personas: Sequence[Persona], lang: Lang = "zh"
) -> dict[str, str]:
    """The four figures as SVG text: journey map, blueprint, personas, stakeholder map."""
    from needscope.journey.render import (
        render_blueprint,
        render_journey_map,
        render_personas,
        render_stakeholder_map,
    )

    out = {
        "journey_map": render_journey_map(evaluation, lang),
        "blueprint": render_blueprint(evaluation, lang),
    }
    if personas:
        out["personas"] = render_personas(personas, lang)
    if evaluation.journey.stakeholders:
        out["stakeholders"] = render_stakeholder_map(evaluation.journey.stakeholders, lang)
    return out


def render_project(
    store: Store,
    slug: str,
    out_dir: str | Path,
    *,
    lang: Lang = "zh",
    formats: str | Iterable[str] = ("svg",),
    segment: str | None = None,
) -> list[Path]:
    """Write the journey map, blueprint, personas and stakeholder map; returns the paths."""
    from needscope.journey.render import export_svg

    kinds = parse_formats(formats)
    inputs = load_inputs(store, slug, lang)
    evaluation = evaluate_with(inputs, segment=segment, lang=lang)
    svgs = figures(evaluation, personas_with(inputs, lang=lang), lang)
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, svg in svgs.items():
        for kind in kinds:
            paths.append(export_svg(svg, folder / f"{name}_{lang}.{kind}"))
    return paths


__all__ = [
    "FORMATS",
    "JourneyInputs",
    "evaluate_project",
    "evaluate_with",
    "export_journey",
    "figures",
    "has_saved_journey",
    "import_journey",
    "init_journey",
    "journey_from_doc",
    "load_inputs",
    "parse_formats",
    "personas_with",
    "project_journey",
    "project_pack",
    "render_project",
    "save_journey",
]
