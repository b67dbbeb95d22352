"""Normalisation: script, width, language and masked personal data."""

from __future__ import annotations

import pandas as pd
import pytest

from needscope.text.normalise import (
    Normaliser,
    detect_lang,
    mask_pii,
    normalise,
    normalise_text,
    to_halfwidth,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("這家餐廳的服務很好", "这家餐厅的服务很好"),
        ("環境很好，裝修很有江南園林的感覺", "环境很好，装修很有江南园林的感觉"),
        ("等了４０分鐘", "等了40分钟"),
        ("ＡＢＣ　ｄｅｆ", "ABC def"),
    ],
)
def test_traditional_and_fullwidth(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


def test_chinese_punctuation_is_kept() -> None:
    # Full-width comma, exclamation and question marks stay: they mark clauses in Chinese.
    assert to_halfwidth("好吃！下次还来，对吧？（真的）") == "好吃！下次还来，对吧？（真的）"
    assert to_halfwidth("＠＃＄％") == "@#$%"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("我的手机13812345678，请回电", "我的手机[电话]，请回电"),
        ("电话 138-1234-5678", "电话 [电话]"),
        ("座机010-62345678", "座机[电话]"),
        ("邮箱 zhang.san@example.com 联系", "邮箱 [邮箱] 联系"),
        ("身份证号11010519491231002X", "身份证号[身份证]"),
        ("卡号6222021234567890123扣款", "卡号[卡号]扣款"),
        ("卡号 6222 0212 3456 7890", "卡号 [卡号]"),
        ("等了40分钟，人均128元", "等了40分钟，人均128元"),
        ("工单TS250901001已处理", "工单TS250901001已处理"),
    ],
)
def test_pii_masked_zh(raw: str, expected: str) -> None:
    assert mask_pii(raw, "zh") == expected


def test_pii_masked_en_and_fullwidth_digits() -> None:
    assert mask_pii("call me on 13912345678 or mail a@b.co", "en") == (
        "call me on [PHONE] or mail [EMAIL]"
    )
    # full-width digits are folded before masking
    assert normalise_text("电话１３９１２３４５６７８") == "电话[电话]"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("上菜太慢了", "zh"),
        ("The food was great", "en"),
        ("我喜欢这家店的brunch", "zh"),
        ("The 小笼包 was great", "mixed"),
        ("", "zh"),
        ("12345", "zh"),
    ],
)
def test_language(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


def test_frame_keeps_original_and_adds_columns() -> None:
    frame = pd.DataFrame(
        {"text": ["服務很周到，電話13812345678", "Slow service", None, 3.5]}, index=[10, 11, 12, 13]
    )
    out = normalise(frame)
    assert list(out.index) == [10, 11, 12, 13]
    assert out.loc[10, "text"] == "服務很周到，電話13812345678"  # original untouched
    assert out.loc[10, "text_norm"] == "服务很周到，电话[电话]"
    assert out.loc[10, "text_masked"] == "服務很周到，電話[电话]"
    assert out["lang"].tolist() == ["zh", "en", "zh", "zh"]
    assert out.loc[12, "text_norm"] == "" and out.loc[13, "text_norm"] == ""


def test_missing_column_is_named() -> None:
    with pytest.raises(KeyError, match="review"):
        Normaliser(text_col="review").fit(pd.DataFrame({"text": ["x"]}))
    with pytest.raises(KeyError, match="review"):
        normalise(pd.DataFrame({"text": ["x"]}), text_col="review")
