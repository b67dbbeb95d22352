"""needscope: turn what a service business's customers say into needs, analyses and a plan."""

from needscope.model import (
    Credibility,
    Need,
    NeedDimension,
    Project,
    Record,
    SourceType,
)
from needscope.services.workspace import ProjectHandle, Workspace, open_workspace

__version__ = "0.1.0"

__all__ = [
    "Credibility",
    "Need",
    "NeedDimension",
    "Project",
    "ProjectHandle",
    "Record",
    "SourceType",
    "Workspace",
    "__version__",
    "open_workspace",
]
