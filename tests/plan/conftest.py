"""A small restaurant project with orders, needs and goals for the plan tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from needscope.services.workspace import Workspace


@pytest.fixture
def project_db(tmp_path: Path) -> Iterator[str]:
    """A SQLite store holding project ``p``: 12 weeks of orders, four needs, two goals."""
    url = f"sqlite:///{tmp_path / 'plan.db'}"
    ws = Workspace(url)
    handle = ws.create_project("p", "味道江南", budget=150000, deadline="2026-06-30",
                               goals=["新店复购率从20%提升至40%", "上菜时间不超过15分钟"])  # fmt: skip
    rng = np.random.default_rng(1)
    n = 240
    ts = pd.Timestamp("2025-12-01 12:00") + pd.to_timedelta(rng.integers(0, 84, n), unit="D")
    orders = pd.DataFrame({"订单号": [f"O{i}" for i in range(n)],
                           "会员编号": [f"M{i % 90}" for i in range(n)],
                           "下单时间": ts.strftime("%Y-%m-%d %H:%M"),
                           "门店": ["新街口店"] * n, "金额": rng.uniform(50, 300, n).round(1),
                           "上菜时长(分钟)": rng.normal(17, 3, n).round(1)})  # fmt: skip
    path = tmp_path / "orders.csv"
    orders.to_csv(path, index=False, encoding="utf-8-sig")
    handle.import_file(path, source_type="historic")
    for desc, quote, dim in (("缩短高峰期上菜时间", "上菜慢，等了40分钟", "expectation"),
                             ("提升新店顾客复购率", "复购率需从20%提升至40%", "core_goal"),
                             ("提供预约订座", "希望可以线上预约", "expectation"),
                             ("增加儿童座椅", "希望有儿童座椅", "implicit")):  # fmt: skip
        need = handle.add_need(desc, quote=quote, dimension=dim)
        if desc == "缩短高峰期上菜时间":
            handle.set_need_scores(int(need.id or 0), customer_value=5, business_impact=5,
                                   strategic_fit=5, time_pressure=5, market_opportunity=5,
                                   risk_avoidance=5)  # fmt: skip
        if desc == "增加儿童座椅":
            handle.set_need_scores(int(need.id or 0), customer_value=1, business_impact=1,
                                   strategic_fit=1, time_pressure=1, market_opportunity=1,
                                   risk_avoidance=1)  # fmt: skip
    ws.close()
    yield url
