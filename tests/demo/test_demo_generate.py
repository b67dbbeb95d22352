"""Files, determinism, encodings, project.yaml and bad input of the demo generator."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from needscope.demo import (
    GENERATOR_VERSION,
    DemoManifest,
    demo_exists,
    generate_demo,
    load_manifest,
)
from needscope.demo.generator import counts_for
from needscope.model.vocab import Credibility, NeedDimension, SourceType

DATA_FILES = {
    "customers.csv",
    "orders.csv",
    "complaints.csv",
    "reviews.csv",
    "survey.xlsx",
    "interviews.jsonl",
    "observations.xlsx",
    "staff_feedback.json",
}
HEADERS = {
    "customers.csv": ["会员编号", "年龄段", "性别", "月收入", "学历", "会员等级", "城市区域", "注册渠道"],
    "orders.csv": ["订单号", "会员编号", "下单时间", "门店", "渠道", "人数", "金额", "上菜时长(分钟)"],
    "complaints.csv": ["工单号", "会员编号", "创建时间", "门店", "投诉类别", "严重程度", "投诉内容", "处理结果"],
    "reviews.csv": ["评论编号", "平台", "门店", "评分", "评论时间", "评论"],
}  # fmt: skip
ENCODINGS = {
    "customers.csv": "utf-8",
    "orders.csv": "utf-8",
    "complaints.csv": "gb18030",
    "reviews.csv": "utf-8-sig",
}


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def csv_rows(path: Path, encoding: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding))))


def count_rows(out: Path, item: dict[str, str]) -> int:
    """Rows of one import, read independently of the generator."""
    path = out / item["file"]
    if path.suffix == ".csv":
        return len(csv_rows(path, ENCODINGS[path.name])) - 1
    if path.suffix == ".xlsx":
        wb = openpyxl.load_workbook(path, read_only=True)
        n = sum(1 for _ in wb[item["sheet"]].iter_rows()) - 1
        wb.close()
        return n
    if path.suffix == ".jsonl":
        return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return len(json.loads(path.read_text(encoding="utf-8")))


def test_same_seed_gives_identical_bytes(small: DemoManifest, tmp_path: Path) -> None:
    again = generate_demo(tmp_path / "again", scale=0.05)
    first, second = tree(small.out_dir), tree(again.out_dir)
    assert sorted(first) == sorted(second)
    for name, data in first.items():
        assert data == second[name], name


def test_other_seed_gives_other_data(small: DemoManifest, tmp_path: Path) -> None:
    other = generate_demo(tmp_path / "other", seed=7, scale=0.05)
    assert (other.out_dir / "orders.csv").read_bytes() != (
        small.out_dir / "orders.csv"
    ).read_bytes()
    assert (other.out_dir / "reviews.csv").read_bytes() != (
        small.out_dir / "reviews.csv"
    ).read_bytes()


def test_xlsx_have_fixed_timestamps(small: DemoManifest) -> None:
    for name in ("survey.xlsx", "observations.xlsx"):
        with zipfile.ZipFile(small.out_dir / name) as z:
            core = z.read("docProps/core.xml").decode("utf-8")
            assert "2026-03-01T09:00:00Z" in core
            assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_project_yaml_lists_every_file(small: DemoManifest) -> None:
    project = yaml.safe_load((small.out_dir / "project.yaml").read_text(encoding="utf-8"))
    assert project == small.project
    assert project["client"] == "味道江南餐饮连锁"
    assert project["client_en"] == "Weidao Jiangnan Restaurants"
    assert project["owner"] == "王总"
    assert project["constraints"]["budget"] == 150000
    assert str(project["constraints"]["deadline"]) == "2026-06-30"
    assert len(project["stores"]["new"]) == 3 and len(project["stores"]["old"]) == 5
    files = {i["file"] for i in project["imports"]}
    assert files == DATA_FILES
    for item in project["imports"]:
        assert (small.out_dir / item["file"]).is_file()
        if item["kind"] == "records":
            SourceType.parse(item["source_type"])
            Credibility.parse(item["credibility"])
    written = {p.relative_to(small.out_dir).as_posix() for p in small.files}
    assert DATA_FILES | {"project.yaml", "_truth/reviews_truth.csv"} <= written


def test_n_records_counts_all_record_files(small: DemoManifest) -> None:
    items = [i for i in small.project["imports"] if i["kind"] == "records"]
    assert small.n_records == sum(count_rows(small.out_dir, i) for i in items)
    expected = counts_for(0.05)
    assert count_rows(small.out_dir, {"file": "customers.csv"}) == expected["customers"]
    assert count_rows(small.out_dir, {"file": "reviews.csv"}) == expected["reviews"]
    assert count_rows(small.out_dir, {"file": "survey.xlsx", "sheet": "问卷"}) == expected["survey"]
    assert count_rows(small.out_dir, {"file": "complaints.csv"}) == expected["complaints"]


def test_full_scale_counts_are_about_twenty_thousand() -> None:
    counts = counts_for(1.0)
    assert counts["customers"] == 3000 and counts["orders"] == 9000
    assert 18_000 <= sum(counts.values()) <= 24_000


def test_needs_register_rows(small: DemoManifest) -> None:
    needs = small.project["needs"]
    assert len(needs) >= 10
    for need in needs:
        NeedDimension.parse(need["dimension"])
        Credibility.parse(need["credibility"])
        SourceType.parse(need["source_type"])
        assert need["description"] and need["quote"]
    quotes = [n["quote"] for n in needs]
    assert "新店开业3个月，复购率需从20%提升至40%" in quotes
    assert "顾客点餐后，上菜时间不超过15分钟" in quotes
    assert "单店服务优化预算不超过15万" in quotes
    notes = (small.out_dir / "interviews.jsonl").read_text(encoding="utf-8")
    for quote in quotes[:2] + quotes[3:4]:
        assert quote in notes


def test_encodings(small: DemoManifest) -> None:
    raw = (small.out_dir / "complaints.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("gbk")  # GB18030 restricted to its GBK part
    assert text == raw.decode("gb18030")
    assert "投诉类别" in text
    assert (small.out_dir / "reviews.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    for name in ("customers.csv", "orders.csv", "interviews.jsonl", "staff_feedback.json"):
        data = (small.out_dir / name).read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")
        data.decode("utf-8")


def test_headers_and_sheets(small: DemoManifest) -> None:
    for name, header in HEADERS.items():
        assert csv_rows(small.out_dir / name, ENCODINGS[name])[0] == header
    wb = openpyxl.load_workbook(small.out_dir / "survey.xlsx", read_only=True)
    assert wb.sheetnames == ["问卷", "题目说明"]
    wb.close()
    wb = openpyxl.load_workbook(small.out_dir / "observations.xlsx", read_only=True)
    assert wb.sheetnames == ["观察记录"]
    head = next(wb["观察记录"].iter_rows(values_only=True))
    assert list(head) == ["日期", "门店", "观察员", "环节", "观察记录", "停留时长(分钟)"]
    wb.close()
    first = json.loads((small.out_dir / "interviews.jsonl").read_text("utf-8").splitlines()[0])
    assert set(first) == {"id", "date", "interviewee", "role", "store", "notes"}
    staff = json.loads((small.out_dir / "staff_feedback.json").read_text("utf-8"))
    assert set(staff[0]) == {"编号", "日期", "门店", "岗位", "反馈内容"}


@pytest.mark.parametrize("scale", [0, -1, float("nan"), float("inf"), 100, "1"])
def test_bad_scale(tmp_path: Path, scale: object) -> None:
    with pytest.raises(ValueError, match="scale"):
        generate_demo(tmp_path, scale=scale)  # type: ignore[arg-type]
    assert not (tmp_path / "project.yaml").exists()


@pytest.mark.parametrize("seed", [-1, 1.5, True, "1"])
def test_bad_seed(tmp_path: Path, seed: object) -> None:
    with pytest.raises(ValueError, match="seed"):
        generate_demo(tmp_path, seed=seed)  # type: ignore[arg-type]


def test_demo_exists(small: DemoManifest, tmp_path: Path) -> None:
    assert demo_exists(small.out_dir)
    assert not demo_exists(tmp_path)
    (tmp_path / "project.yaml").write_text("slug: [unclosed", encoding="utf-8")
    assert not demo_exists(tmp_path)
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in DATA_FILES:
        (copy / name).write_bytes((small.out_dir / name).read_bytes())
    text = (small.out_dir / "project.yaml").read_text(encoding="utf-8")
    (copy / "project.yaml").write_text(text, encoding="utf-8")
    assert demo_exists(copy)
    old = text.replace(f"generator_version: '{GENERATOR_VERSION}'", "generator_version: '0.0'")
    (copy / "project.yaml").write_text(old, encoding="utf-8")
    assert not demo_exists(copy)
    (copy / "project.yaml").write_text(text, encoding="utf-8")
    (copy / "orders.csv").unlink()
    assert not demo_exists(copy)


def test_load_manifest(small: DemoManifest, tmp_path: Path) -> None:
    loaded = load_manifest(small.out_dir)
    assert loaded.project == small.project
    assert loaded.n_records == small.n_records
    assert loaded.files == small.files
    (tmp_path / "project.yaml").write_text("slug: other\n", encoding="utf-8")
    with pytest.raises(ValueError, match="demo"):
        load_manifest(tmp_path)
