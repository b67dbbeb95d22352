"""Touchpoints, customer journey maps, service blueprints, personas and stakeholder maps."""

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
