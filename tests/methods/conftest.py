"""A small hand-made restaurant project (survey, orders, complaints, needs) in a temp store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import needscope
from needscope.report.blocks import Svg
from needscope.services.workspace import ProjectHandle, Workspace

KANO_TEXT = {1: "我很喜欢", 2: "理所当然", 3: "无所谓", 4: "能忍受", 5: "我很不喜欢"}
STORES = ("甲店", "乙店")
GOALS = ["上菜时间不超过15分钟", "新店复购率从20%提升至40%"]


@dataclass
class SmallProject:
    """The project's handle and the exact tables its files were written from."""

    ws: Workspace
    handle: ProjectHandle
    survey: pd.DataFrame
    orders: pd.DataFrame
    complaints: pd.DataFrame
    customers: pd.DataFrame


def _customers(rng: np.random.Generator, n: int = 80) -> pd.DataFrame:
    keys = [f"C{i:03d}" for i in range(n)]
    return pd.DataFrame({"会员编号": keys,
                         "年龄段": np.where(np.arange(n) % 2 == 0, "18-34", "35+"),
                         "性别": rng.choice(["男", "女"], n), "会员等级": rng.choice(["普通", "金卡"], n),
                         "城市区域": "鼓楼区"})  # fmt: skip


def _survey(rng: np.random.Generator, customers: pd.DataFrame, n: int = 160) -> pd.DataFrame:
    keys = customers["会员编号"].to_numpy()[np.arange(n) % len(customers)]
    young = np.arange(n) % 2 == 0  # same parity as the customers' age bands
    when = pd.Timestamp("2025-01-03 12:00") + pd.to_timedelta(np.arange(n) * 17, unit="h")
    store = np.where(np.arange(n) % 4 == 3, STORES[1], STORES[0])
    frame = pd.DataFrame({"问卷编号": [f"Q{i:04d}" for i in range(n)], "会员编号": keys,
                          "提交时间": when.strftime("%Y-%m-%d %H:%M"), "门店": store})  # fmt: skip
    base = rng.normal(0, 1, n)
    frame["总体满意度"] = np.clip(np.round(3.6 + base), 1, 5).astype(int)
    frame["推荐意愿"] = np.clip(np.round(7.5 + 2 * base + rng.normal(0, 1, n)), 0, 10).astype(int)
    frame["费力程度"] = np.clip(np.round(3 - base + rng.normal(0, 1, n)), 1, 7).astype(int)
    # 扫码点餐: young respondents answer "like / neutral" (A), older "expect / dislike" (M)
    frame["KANO_扫码点餐_正向"] = [KANO_TEXT[1 if y else 2] for y in young]
    frame["KANO_扫码点餐_反向"] = [KANO_TEXT[3 if y else 5] for y in young]
    fun, dys = rng.integers(1, 6, n), rng.integers(1, 6, n)
    frame["KANO_免费停车_正向"] = [KANO_TEXT[int(v)] for v in fun]
    frame["KANO_免费停车_反向"] = [KANO_TEXT[int(v)] for v in dys]
    for i in range(1, 23):
        frame[f"SQ{i:02d}_期望"] = rng.integers(5, 8, n)
    for i in range(1, 23):
        drop = 2 if 10 <= i <= 13 else 1  # responsiveness falls shortest
        noise = rng.integers(-1, 2, n)
        frame[f"SQ{i:02d}_感知"] = np.clip(frame[f"SQ{i:02d}_期望"] - drop + noise, 1, 7)
    frame["意见建议"] = ["希望可以线上预约" if i % 5 == 0 else "" for i in range(n)]
    return frame


def _orders(rng: np.random.Generator, customers: pd.DataFrame, n: int = 300) -> pd.DataFrame:
    start = pd.Timestamp("2025-01-01")
    day = rng.integers(0, 120, n)
    hour = rng.choice([11, 12, 13, 17, 18, 19, 20, 23, 1], n,
                      p=[0.15, 0.2, 0.1, 0.1, 0.2, 0.1, 0.1, 0.03, 0.02])  # fmt: skip
    when = start + pd.to_timedelta(day, unit="D") + pd.to_timedelta(hour, unit="h")
    store = np.where(day >= 40, rng.choice(STORES, n), STORES[0])  # 乙店 opens on day 40
    member = customers["会员编号"].to_numpy()[rng.integers(0, len(customers), n)]
    member = np.where(rng.random(n) < 0.2, "", member)
    return pd.DataFrame({"订单号": [f"O{i:05d}" for i in range(n)], "会员编号": member,
                         "下单时间": when.strftime("%Y-%m-%d %H:%M:%S"), "门店": store,
                         "渠道": "堂食", "人数": rng.integers(1, 6, n),
                         "金额": np.round(rng.uniform(40, 400, n), 1),
                         "上菜时长(分钟)": np.where(store == STORES[1], 19, 13)
                         + rng.integers(-2, 3, n)})  # fmt: skip


def _complaints(rng: np.random.Generator, n: int = 90) -> pd.DataFrame:
    cats = rng.choice(["上菜慢", "上菜慢", "上菜慢", "服务态度", "停车", "价格"], n)
    when = pd.Timestamp("2025-01-05 19:00") + pd.to_timedelta(np.arange(n), unit="D")
    return pd.DataFrame({"工单号": [f"T{i:04d}" for i in range(n)],
                         "投诉时间": when.strftime("%Y-%m-%d %H:%M"),
                         "门店": rng.choice(STORES, n), "投诉类别": cats,
                         "严重程度": rng.choice(["高", "中", "低"], n),
                         "投诉内容": [f"第{i}号投诉：{c}，等了很久" for i, c in enumerate(cats)]})  # fmt: skip


def build_small_project(directory: Path, with_needs: bool = True) -> SmallProject:
    """Write the files, import them into a fresh SQLite store and add a few needs."""
    rng = np.random.default_rng(11)
    customers = _customers(rng)
    survey = _survey(rng, customers)
    orders = _orders(rng, customers)
    complaints = _complaints(rng)
    files = {"customers.csv": customers, "survey.csv": survey, "orders.csv": orders,
             "complaints.csv": complaints}  # fmt: skip
    for name, frame in files.items():
        frame.to_csv(directory / name, index=False, encoding="utf-8")
    ws = needscope.open_workspace(f"sqlite:///{directory}/t.db")
    handle = ws.create_project("small", "小馆子", owner="李总", budget=50000, goals=GOALS)
    handle.import_customers(directory / "customers.csv")
    handle.import_file(directory / "survey.csv", source_type="survey")
    handle.import_file(directory / "orders.csv", source_type="historic")
    handle.import_file(directory / "complaints.csv", source_type="historic")
    if with_needs:
        slow = handle.records(contains="上菜慢")
        handle.add_need("缩短上菜时间", quote="上菜慢投诉最多", credibility="high",
                        source_type="historic", evidence=slow["id"].tolist())  # fmt: skip
        handle.add_need("新店24小时营业", quote="想做夜宵", credibility="medium",
                        source_type="interview")  # fmt: skip
        handle.add_need("提供扫码点餐", dimension="implicit", credibility="low")
        handle.add_need("新店复购率提升", dimension="core_goal", credibility="high")
        handle.add_need("预算5万元内", dimension="constraint", credibility="high")
    return SmallProject(ws, handle, survey, orders, complaints, customers)


@pytest.fixture(scope="module")
def small_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmallProject]:
    """The small project, built once per test module."""
    project = build_small_project(tmp_path_factory.mktemp("small"))
    yield project
    project.ws.close()


@pytest.fixture(scope="module")
def make_small_project() -> Callable[..., SmallProject]:
    """The builder, for tests that need their own copy."""
    return build_small_project


@pytest.fixture(scope="module")
def no_drawing() -> Iterator[None]:
    """Skip the (slow) drawing of figures: numbers are what these tests check."""
    import needscope.report.builtin_methods_drivers as drivers_mod
    import needscope.report.builtin_methods_needs as needs_mod
    import needscope.report.builtin_methods_ops as ops_mod
    import needscope.report.builtin_methods_survey as survey_mod
    import needscope.report.methods_context as context_mod

    def fake(make: object, title: str = "") -> Svg:
        return Svg("<svg></svg>", title, None)

    with pytest.MonkeyPatch.context() as mp:
        for mod in (drivers_mod, needs_mod, ops_mod, survey_mod):
            mp.setattr(mod, "render_block", fake)
        mp.setattr(context_mod, "chart_svg", lambda *a, **k: "<svg></svg>")
        mp.setattr(context_mod, "chart_png", lambda *a, **k: b"")
        yield
