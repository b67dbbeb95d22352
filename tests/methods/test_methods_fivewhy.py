"""5-Why: building, editing, the tree text, table and dict round trips, bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from needscope.methods import FiveWhy, five_why


def _tree() -> FiveWhy:
    tree = five_why(
        "缩短上菜时间",
        "上菜超过15分钟",
        ["后厨出餐慢", "点单信息传到后厨要人工转抄"],
    )
    tree.add("高峰期厨师不足", parent=(0,), evidence="排班表")
    return tree


def test_chain_and_branches() -> None:
    tree = _tree()
    assert tree.node((0,)).text == "后厨出餐慢"
    assert tree.node((0, 0)).text == "点单信息传到后厨要人工转抄"
    assert [p for p, _ in tree.root_causes()] == [(0, 0), (0, 1)]
    assert tree.depth() == 2


def test_render_tree_text() -> None:
    text = _tree().render()
    assert text.splitlines() == [
        "问题: 上菜超过15分钟",
        "└─ 为什么1: 后厨出餐慢",
        "   ├─ 为什么2: 点单信息传到后厨要人工转抄（根因）",
        "   └─ 为什么2: 高峰期厨师不足（根因） [排班表]",
    ]
    assert "(root cause)" in _tree().render("en")


def test_edit_remove_and_round_trips() -> None:
    tree = _tree()
    tree.edit((0, 1), text="高峰期只有2名厨师", evidence="3月排班")
    deeper = tree.add("招聘延迟", parent=(0, 1))
    assert deeper == (0, 1, 0)
    frame = tree.to_frame()
    assert frame["node"].tolist() == ["1", "1.1", "1.2", "1.2.1"]
    assert frame["is_root_cause"].tolist() == [False, True, False, True]
    again = FiveWhy.from_frame(frame.iloc[::-1], tree.need, tree.problem)
    assert again.to_dict() == tree.to_dict()
    assert FiveWhy.from_dict(json.loads(json.dumps(tree.to_dict()))) == tree
    removed = tree.remove((0, 1))
    assert removed.children[0].text == "招聘延迟"
    assert len(tree.root_causes()) == 1


def test_bad_input() -> None:
    tree = _tree()
    with pytest.raises(IndexError):
        tree.node((3,))
    with pytest.raises(ValueError):
        tree.add("  ")
    with pytest.raises(ValueError):
        tree.node(())
    bad = pd.DataFrame({"node": ["1.1"], "parent": ["1"], "text": ["orphan"]})
    with pytest.raises(ValueError, match="parent"):
        FiveWhy.from_frame(bad, "n", "p")
