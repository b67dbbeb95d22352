"""Model folders: a joblib file of fitted scikit-learn objects plus a JSON manifest."""

from __future__ import annotations

import json
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
import sklearn

from needscope.errors import InputError

MANIFEST = "manifest.json"
PAYLOAD = "model.joblib"
FORMAT_VERSION = 1


def save_model_dir(
    path: str | Path, kind: str, payload: dict[str, Any], info: dict[str, Any]
) -> Path:
    """Write ``payload`` (fitted objects) and a manifest describing it into folder ``path``."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    joblib.dump(payload, folder / PAYLOAD, compress=3)
    manifest = {
        "format": "needscope-text-model",
        "format_version": FORMAT_VERSION,
        "kind": kind,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "sklearn_version": sklearn.__version__,
        **info,
    }
    (folder / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    return folder


def read_manifest(path: str | Path) -> dict[str, Any]:
    """The manifest of model folder ``path``; InputError when it is not a needscope model."""
    folder = Path(path)
    file = folder / MANIFEST
    if not file.is_file():
        raise InputError(f"{folder} is not a needscope model folder (no {MANIFEST})")
    try:
        manifest: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(f"{file}: broken manifest ({exc})") from None
    if manifest.get("format") != "needscope-text-model":
        raise InputError(f"{file}: not a needscope text model manifest")
    return manifest


def load_model_dir(path: str | Path, kind: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Read a folder written by ``save_model_dir`` (only open model folders you trust)."""
    folder = Path(path)
    manifest = read_manifest(folder)
    if manifest.get("kind") != kind:
        raise InputError(f"{folder} holds a {manifest.get('kind')!r} model, not a {kind!r} model")
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        raise InputError(f"{folder} was written by a newer needscope; upgrade to read it")
    if manifest.get("sklearn_version") != sklearn.__version__:
        warnings.warn(
            f"{folder} was trained with scikit-learn {manifest.get('sklearn_version')}, "
            f"this is {sklearn.__version__}; predictions may differ",
            stacklevel=2,
        )
    if not (folder / PAYLOAD).is_file():
        raise InputError(f"{folder}: {PAYLOAD} is missing")
    payload = joblib.load(folder / PAYLOAD)
    if not isinstance(payload, dict):
        raise InputError(f"{folder}: {PAYLOAD} does not hold a needscope model")
    return payload, manifest


__all__ = ["MANIFEST", "PAYLOAD", "load_model_dir", "read_manifest", "save_model_dir"]
