"""Segment text into words (Chinese with rjieba/jieba and a pack dictionary) and into clauses."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Self

import pandas as pd

from needscope.text.optional import available, require

STOPWORDS_ZH: frozenset[str] = frozenset(
    """
    的 了 是 在 和 与 及 或 也 都 就 还 又 很 挺 太 非常 特别 比较 有点 有些 一点 一些 一下 一个 一种 这 那 这个 那个 这些 那些 这里 那里 这家 那家
    这次 那次 这样 那样 这么 那么 什么 怎么 为什么 我 我们 你 你们 他 他们 她 她们 它 它们 自己 大家 人家 咱们 您 吧 吗 呢 啊 呀 哦 哈 嘛 啦 哇 噢 诶
    嗯 喔 哎 呗 咯 着 过 得 地 之 其 而 则 但 但是 可是 不过 然后 而且 并且 所以 因为 如果 虽然 还是 或者 以及 就是 被 把 给 让 对 向 从 到 于 为 以
    跟 比 由 将 按 等 等等 之后 之前 时候 的话 然而 只是 只有 个 次 下 上 里 中 内 外 前 后 时 些 点 家 位 种 样 回 遍 块 份 可以 可能 应该 能够
    已经 一直 一起 一样 还有 另外 其他 其它 以后 以前 现在 当时 今天 昨天 又是 真是 真的 感觉 觉得 认为 表示 说 看 来 去 做 用 要 想 会 能 有 没 个人
    东西 事情 时间
    """.split()  # noqa: SIM905
)
"""Chinese words too common to say anything on their own (our list; negations are kept)."""

STOPWORDS_EN: frozenset[str] = frozenset(
    """
    a an the and or but if then so as of at by for with about against between into through
    during before after above below to from up down in out on off over under again further once
    here there when where why how all any both each few more most other some such only own same
    than too very s t can will just don should now i me my myself we our ours ourselves you
    your yours yourself yourselves he him his himself she her hers herself it its itself they
    them their theirs themselves what which who whom this that these those am is are was were
    be been being have has had having do does did doing would could might must shall may also
    really quite just got get one us im ive it's i'm we're they're there's that's go went come
    came us
    """.split()  # noqa: SIM905
)
"""English function words (our list; ``not``/``no``/``never`` are kept)."""

_EN_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_WORD_CHAR = re.compile(r"[\w\u4e00-\u9fff]")
_CLAUSE_SPLIT = re.compile(r"[。！？!?；;，,、\n]+|\.(?:\s+|$)|~+|…+|\s+-\s+")
_CLAUSE_MAX = 120


def split_clauses(text: str, max_chars: int = _CLAUSE_MAX) -> list[str]:
    """Clauses of ``text`` split at punctuation; over-long pieces cut to ``max_chars``."""
    out: list[str] = []
    for piece in _CLAUSE_SPLIT.split(text):
        piece = piece.strip()
        if not piece:
            continue
        while len(piece) > max_chars:
            out.append(piece[:max_chars])
            piece = piece[max_chars:]
        if _WORD_CHAR.search(piece):
            out.append(piece)
    return out


def tokenize_en(text: str, stopwords: bool = True) -> list[str]:
    """Lowercase English word tokens, stopwords dropped unless ``stopwords=False``."""
    words = _EN_TOKEN.findall(text.lower())
    return [w for w in words if w not in STOPWORDS_EN] if stopwords else words


def _make_cutter(words: Iterable[str], hmm: bool) -> Callable[[str], list[str]]:
    """A Chinese word cutter (rjieba, else jieba) knowing ``words``."""
    if available("rjieba"):
        rjieba = require("rjieba")
        jb = rjieba.Jieba()
        for word in words:
            jb.add_word(word, 20000, None)

        def cut_r(text: str) -> list[str]:
            return list(jb.cut(text, hmm))

        return cut_r
    jieba = require("jieba")
    tk = jieba.Tokenizer()
    for word in words:
        tk.add_word(word, 20000)

    def cut_j(text: str) -> list[str]:
        return list(tk.lcut(text, HMM=hmm))

    return cut_j


def dictionary_words(keywords: Iterable[str]) -> list[str]:
    """Keywords fit to be dictionary words: 2–8 characters of Chinese, no spaces or digits."""
    ok = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
    return sorted({k for k in keywords if ok.match(k)})


class Segmenter:
    """Word tokens per record: Chinese via rjieba (pack words added), English lowercase words."""

    name = "segment"

    def __init__(
        self,
        user_words: Sequence[str] = (),
        pack: Any = None,
        stopwords: bool = True,
        hmm: bool = True,
        text_col: str = "text_norm",
        lang_col: str = "lang",
        out_col: str = "tokens",
    ) -> None:
        self.user_words = user_words
        self.pack = pack
        self.stopwords = stopwords
        self.hmm = hmm
        self.text_col = text_col
        self.lang_col = lang_col
        self.out_col = out_col
        self._cut: Callable[[str], list[str]] | None = None

    def _cutter(self) -> Callable[[str], list[str]]:
        """The Chinese cutter, built on first use."""
        if self._cut is None:
            words = list(self.user_words)
            if isinstance(self.pack, str):
                from needscope.text.packs import load_pack

                self.pack = load_pack(self.pack)
            if self.pack is not None:
                words += self.pack.keywords("zh")
            self._cut = _make_cutter(dictionary_words(words), self.hmm)
        return self._cut

    def fit(self, data: pd.DataFrame | None = None) -> Self:
        """Build the dictionary; return self."""
        self._cutter()
        return self

    def tokens(self, text: str, lang: str | None = None) -> list[str]:
        """Word tokens of one normalised text (``lang`` ``en`` skips the Chinese cutter)."""
        if lang == "en":
            return tokenize_en(text, self.stopwords)
        out: list[str] = []
        stop_zh, stop_en = STOPWORDS_ZH, STOPWORDS_EN
        for word in self._cutter()(text.lower()):
            word = word.strip()
            if not word or not _WORD_CHAR.search(word):
                continue
            if word.isascii():
                if not word.isalnum() and "'" not in word:
                    continue
                if self.stopwords and word in stop_en:
                    continue
            elif self.stopwords and word in stop_zh:
                continue
            out.append(word)
        return out

    def transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """Add a ``tokens`` column (list of words) from ``text_norm`` and ``lang``."""
        if self.text_col not in data.columns:
            raise KeyError(f"column {self.text_col!r} not found; run normalise first")
        texts = data[self.text_col].tolist()
        langs = (
            data[self.lang_col].tolist() if self.lang_col in data.columns else [None] * len(data)
        )
        out = data.copy()
        out[self.out_col] = [
            self.tokens(t if isinstance(t, str) else "", lg)
            for t, lg in zip(texts, langs, strict=True)
        ]
        return out


_DEFAULT: dict[str, Segmenter] = {}


def segmenter_for(pack: Any = None) -> Segmenter:
    """A shared segmenter for ``pack`` (None: no pack words)."""
    key = getattr(pack, "key", "") if pack is not None else ""
    if key not in _DEFAULT:
        _DEFAULT[key] = Segmenter(pack=pack)
    return _DEFAULT[key]


def segment_text(text: str, lang: str | None = None, pack: Any = None) -> list[str]:
    """Word tokens of one normalised text with the shared segmenter."""
    return segmenter_for(pack).tokens(text, lang)


def segment(data: pd.DataFrame, pack: Any = None, text_col: str = "text_norm") -> pd.DataFrame:
    """Add a ``tokens`` column to ``data`` (normalised text expected in ``text_col``)."""
    seg = segmenter_for(pack)
    if text_col != seg.text_col:
        seg = Segmenter(pack=pack, text_col=text_col)
    return seg.transform(data)


__all__ = [
    "STOPWORDS_EN",
    "STOPWORDS_ZH",
    "Segmenter",
    "dictionary_words",
    "segment",
    "segment_text",
    "segmenter_for",
    "split_clauses",
    "tokenize_en",
]
