"""Hand-built records, needs and project for the report tests (zh and en text)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import pytest

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
INJECTION = "=cmd|' /C calc'!A0"


@pytest.fixture
def records() -> pd.DataFrame:
    """Eight records over four months, one without a date, one hostile channel name."""
    return pd.DataFrame(
        {
            "id": range(1, 9),
            "source_type": [
                "survey",
                "interview",
                "third_party",
                "third_party",
                "historic",
                "staff",
                "third_party",
                "survey",
            ],
            "credibility": ["medium", "high", "low", "low", "high", "medium", "low", "high"],
            "channel": ["问卷星", None, "大众点评", INJECTION, "POS", "门店", "大众点评", "WeChat"],
            "touchpoint": ["点餐", "上菜", "结账", "点餐", None, "上菜", "点餐", "结账"],
            "ts": pd.to_datetime(
                [
                    "2024-01-05",
                    "2024-02-10 10:30",
                    "NaT",
                    "2024-03-01",
                    "2024-03-15",
                    "2024-04-02",
                    "2024-04-20",
                    "2024-01-31 23:59",
                ],
                format="ISO8601",
            ),
            "text": [
                XSS_SCRIPT,
                "上菜太慢了",
                "好吃",
                "服务差",
                "order 42",
                "员工反馈",
                "排队久",
                "ok",
            ],
            "customer_key": ["c1", "c2", "c3", "c3", None, "c4", "c5", "c1"],
            "origin_file": ["a.csv"] * 4 + ["b.xlsx"] * 4,
            "origin_sheet": [None] * 4 + ["Sheet1"] * 4,
            "origin_row": range(2, 10),
        }
    )


@pytest.fixture
def needs() -> pd.DataFrame:
    """The four rows of the seed's Template 1 example plus hostile quotes."""
    return pd.DataFrame(
        {
            "id": [1, 2, 3, 4],
            "client": ["餐饮连锁"] * 4,
            "industry": ["餐饮"] * 4,
            "owner": ["*总"] * 4,
            "source_type": ["interview", "survey", "observation", "interview"],
            "dimension": ["core_goal", "expectation", "implicit", "constraint"],
            "description": ["提升新店顾客复购率", "服务响应速度快", XSS_SCRIPT, "预算15万元内"],
            "quote": [
                "“新店开业3个月，复购率需从20%提升至40%”",
                "“顾客点餐后，上菜时间不超过15分钟”",
                XSS_IMG,
                "=1+1",
            ],
            "credibility": ["high", "medium", "high", "high"],
            "status": ["open"] * 4,
            "evidence_count": [3, 2, 1, 1],
            "created_at": pd.to_datetime(["2024-03-01"] * 4),
        }
    )


@pytest.fixture
def project() -> dict[str, Any]:
    """A restaurant chain engagement."""
    return {
        "slug": "demo",
        "client": "餐饮连锁",
        "industry": "餐饮",
        "owner": "*总",
        "customer_type": "b2c",
        "scenario": "new_client",
        "budget": 150000,
        "deadline": date(2024, 6, 30),
        "resources": "门店 3 家",
        "goals": ["复购率 40%", "上菜 ≤ 15 分钟"],
        "description": "新店开业三个月内提升复购率。",
    }


@pytest.fixture
def empty_records() -> pd.DataFrame:
    """Records frame with the contract's columns and no rows."""
    cols = [
        "id",
        "source_type",
        "credibility",
        "channel",
        "touchpoint",
        "ts",
        "text",
        "customer_key",
        "origin_file",
        "origin_sheet",
        "origin_row",
    ]
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in cols})


@pytest.fixture
def empty_needs() -> pd.DataFrame:
    """Needs frame with the contract's columns and no rows."""
    cols = [
        "id",
        "client",
        "industry",
        "owner",
        "source_type",
        "dimension",
        "description",
        "quote",
        "credibility",
        "status",
        "evidence_count",
        "created_at",
    ]
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in cols})
