"""One settings object, read from ``NEEDSCOPE_*`` environment variables."""

from __future__ import annotations

import locale
import os
from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


def default_lang() -> Literal["zh", "en"]:
    """Chinese when the locale says so, else English."""
    for var in ("NEEDSCOPE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    code = locale.getlocale()[0] or ""
    return "zh" if code.lower().startswith("zh") else "en"


class Settings(BaseSettings):
    """Settings of a needscope installation."""

    model_config = SettingsConfigDict(env_prefix="NEEDSCOPE_", extra="ignore")

    database_url: str = "sqlite:///needscope.db"
    lang: Literal["zh", "en"] | None = None
    output_dir: Path = Path("needscope-out")

    @property
    def language(self) -> Literal["zh", "en"]:
        """The output language."""
        return self.lang or default_lang()


__all__ = ["Settings", "default_lang"]
