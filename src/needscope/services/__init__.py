"""Use cases: projects, imports, the needs register, exports and the main job."""

from needscope.services.importer import ImportReport, SheetReport, import_records
from needscope.services.run import RunResult, run_project
from needscope.services.workspace import ProjectHandle, Workspace, open_workspace

__all__ = [
    "ImportReport",
    "ProjectHandle",
    "RunResult",
    "SheetReport",
    "Workspace",
    "import_records",
    "open_workspace",
    "run_project",
]
