"""Template 4 statistics (delays, on-time rate, quality) and KPI series from records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from needscope.model.vocab import Quality
from needscope.plan.smart import parse_goal_parts
from needscope.plan.tracking import TrackingRow, kpi_frame, metric_series, tracking_stats


def test_delay_and_quality_statistics() -> None:
    rows = [
        TrackingRow("点餐流程测试", date(2024, 3, 15), date(2024, 3, 16), Quality.GOOD,
                    "后厨扫码设备延迟", "调整设备网络配置"),
        TrackingRow("员工第一轮培训", date(2024, 3, 22), date(2024, 3, 22), Quality.EXCELLENT),
        TrackingRow("停车协议", date(2024, 3, 10), date(2024, 3, 14), Quality.FAIR),
        TrackingRow("英文菜单", date(2024, 3, 10), date(2024, 3, 8), Quality.EXCELLENT),
        TrackingRow("数据监测", date(2024, 3, 20), None),
        TrackingRow("月度报告", date(2024, 4, 30), None),
    ]  # fmt: skip
    stats = tracking_stats(rows, today=date(2024, 4, 1))
    assert stats.table["delay_days"].tolist()[:4] == [1, 0, 4, -2]
    assert stats.n_done == 4 and stats.n_overdue == 1
    assert stats.on_time_rate == 0.5  # on time or early: 2 of 4 done
    assert stats.mean_delay == np.mean([1, 0, 4, -2])  # 0.75
    assert stats.mean_delay_late == 2.5  # (1 + 4) / 2
    assert stats.quality == {"excellent": 2, "good": 1, "fair": 1, "poor": 0}
    assert stats.table["status"].tolist() == ["late", "on_time", "late", "on_time", "overdue",
                                              "open"]  # fmt: skip


@dataclass
class _Data:
    orders: pd.DataFrame
    survey: pd.DataFrame
    complaints: pd.DataFrame


def test_kpis_from_records_with_target_line() -> None:
    ts = pd.to_datetime(["2026-02-23 12:00", "2026-02-24 12:00", "2026-03-02 12:00",
                         "2026-03-03 12:00", "2026-03-04 12:00"])  # fmt: skip
    orders = pd.DataFrame({"ts": ts, "customer_key": ["a", "a", "b", "c", "b"],
                           "上菜时长(分钟)": [20.0, 16.0, 13.0, 11.0, np.nan],
                           "store_cohort": ["新店"] * 5})  # fmt: skip
    data = _Data(orders, pd.DataFrame(), pd.DataFrame())
    (serve,) = parse_goal_parts("上菜时间不超过12分钟")[0]
    series, how = metric_series(serve, data)
    # Weeks start on Monday: 02-23 week mean (20 + 16) / 2 = 18; 03-02 week (13 + 11) / 2 = 12.
    assert series.to_dict() == {pd.Timestamp("2026-02-23"): 18.0, pd.Timestamp("2026-03-02"): 12.0}
    assert "上菜时长(分钟)" in how
    (rep,) = parse_goal_parts("新店复购率从20%提升至40%")[0]
    rates, _ = metric_series(rep, data)
    # 90 days to 02-28: member a has 2 orders of 1 member → 100%; to 03-31: a, b repeat of a, b, c.
    assert rates.round(6).to_dict() == {pd.Timestamp("2026-02-01"): 100.0,
                                        pd.Timestamp("2026-03-01"): round(200 / 3, 6)}  # fmt: skip
    kpis, basis = kpi_frame([serve, rep], data, start=date(2026, 3, 2))
    assert kpis[kpis["metric"] == "上菜时间"]["target"].tolist() == [12.0, 12.0]
    assert kpis["after_start"].tolist() == [False, True, False, False]
    assert set(basis) == {"上菜时间", "新店复购率"}
