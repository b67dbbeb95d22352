"""Jargon check with the editable glossary, and the drafted value statement."""

from __future__ import annotations

import pandas as pd

from needscope.plan.value import (
    check_jargon,
    draft_value_statement,
    load_glossary,
    plain_text,
)


def test_seed_jargon_example_is_flagged_with_the_seed_wording() -> None:
    text = "构建SaaS化服务中台"
    (hit,) = check_jargon(text)  # the phrase wins over SaaS and 中台 inside it
    assert (hit.found, hit.start, hit.end) == ("SaaS化服务中台", 2, 11)
    assert hit.plain() == "一套能实时同步各门店订单、库存和顾客信息的智能管理系统"
    assert plain_text(text, [hit]) == "构建一套能实时同步各门店订单、库存和顾客信息的智能管理系统"


def test_terms_in_both_languages() -> None:
    hits = check_jargon("通过数字化赋能形成闭环，打造抓手，细化颗粒度，提升KPI，开放API")
    assert [h.found for h in hits] == ["数字化赋能", "闭环", "抓手", "颗粒度", "KPI", "API"]
    en = check_jargon("We leverage synergies to empower stores via an API; the rapid growth.")
    assert [h.found.lower() for h in en] == ["leverage", "synergies", "empower", "api"]
    assert en[0].plain() == "use"  # English text: English wording
    assert check_jargon("RAPIDLY") == []  # a term inside a word is not flagged


def test_project_terms_override_and_extend() -> None:
    glossary = load_glossary([{"term": "中台", "plain": {"zh": "共用后台", "en": "shared back office"}},
                              {"term": "翻台率", "plain_zh": "每张桌一天接待几批客人"}])  # fmt: skip
    hits = check_jargon("中台支撑翻台率", glossary)
    assert [(h.found, h.plain()) for h in hits] == [("中台", "共用后台"),
                                                    ("翻台率", "每张桌一天接待几批客人")]  # fmt: skip


def test_value_statement_from_goals_and_evidence() -> None:
    needs = pd.DataFrame({
        "id": [5, 9, 8], "description": ["缩短高峰期上菜时间", "高峰期增配服务人手", "增加儿童座椅"],
        "quote": ["近3个月投诉中，“上菜慢”占比达34%", "高峰期一个服务员要看8张桌", "希望增加儿童座椅"],
        "evidence_count": [50, 49, 50], "priority": ["now", "planned", "deferred"],
    })  # fmt: skip
    goals = ["新店开业3个月内复购率从20%提升至40%", "30天内上菜时间不超过15分钟"]
    zh = draft_value_statement(goals, needs, client="味道江南", budget_total=133000, weeks=5)
    assert zh.text == (
        "这套方案只做味道江南的顾客最在意的几件事：缩短高峰期上菜时间（50条反馈）；高峰期增配服务人手"
        "（49条反馈）。他们的原话是：“近3个月投诉中，‘上菜慢’占比达34%”；“高峰期一个服务员要看8张桌”。"
        "方案完成后，把复购率从20%提升到40%（3个月内）；上菜时间控制在15分钟以内（30天内）。"
        "全部投入133,000元，5周内完成，每周给您看一次这些数字的实际变化，没达到就及时调整。"
    )
    assert zh.needs == [5, 9] and zh.jargon == []
    en = draft_value_statement(goals, needs, budget_total=133000, weeks=5, lang="en")
    assert "raise 复购率 from 20% to 40% (3个月内)" in en.text
    assert en.text.endswith("It costs 133,000 yuan in all, takes 5 weeks, and every week you see "
                            "how these numbers really move, and we adjust if they fall short.")  # fmt: skip
