"""Touchpoints, customer journey maps, service blueprints, personas and stakeholder maps."""

from needscope.journey.evaluate import evaluate
from needscope.journey.inventory import (
    default_journey,
    dump_journey,
    journey_from_dict,
    journey_to_dict,
    load_journey,
)
from needscope.journey.model import (
    Bi,
    Evaluation,
    Journey,
    JourneyStage,
    PainPoint,
    Persona,
    Quote,
    StageScore,
    Stakeholder,
    Touchpoint,
    TouchpointScore,
)
from needscope.journey.personas import build_personas
from needscope.journey.segments import parse_segment, segment_mask
from needscope.journey.tables import stage_frame, touchpoint_frame

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
    "build_personas",
    "default_journey",
    "dump_journey",
    "evaluate",
    "journey_from_dict",
    "journey_to_dict",
    "load_journey",
    "parse_segment",
    "segment_mask",
    "stage_frame",
    "touchpoint_frame",
]
