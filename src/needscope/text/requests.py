"""Clause cues for record sentiment: requests, factual problem reports and final verdicts.

A request or suggestion (希望…, 建议…, 要是…就好了, should, please, would be nice) names what a
customer wants, not what they liked: it gives no positive evidence.  Some fixed phrases report
a problem or its absence without an opinion word (催了三次, 等了40分钟, 多收了钱, 只等了5分钟).
A short last clause that judges the whole visit (差评, 下次还来, Disappointing) is a verdict.
Every function takes one lower-case clause, normalised to simplified Chinese and half-width.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from needscope.text.models.lexicon import Lang, lexicon_features

_NUM: Final = r"(?:\d+|[一二两三四五六七八九十几半]+)"
_REQUEST_ZH: Final = re.compile(
    r"希望|(?<!不)建议|盼望|恳请|最好能|最好可以"
    r"|(?<!不知道)(?<!不知)(?<!看看)(?<!试试)(?<!问)(?<!不)(?:能不能|可不可以|能否|是否可以|可否(?!认))"
    r"|(?:要是|如果|若是|假如).*(?:就好了|就更好了|就好|就完美了|会更好)"
    r"|^麻烦(?![的点了]|$)|^请(?![客问])"
)
_REQUEST_EN: Final = re.compile(
    r"\b(?:should(?:n't)?|please|i wish|wish (?:they|you|there|the)|if only|i hope|hope (?:they|you|that)"
    r"|would (?:be (?:nice|great|good|better|helpful|lovely)|help|make|love to see|like to see)"
    r"|could (?:you|they|use)|suggest(?:ion)?|it'd be nice|why not|needs? to)\b"
)
# Fixed phrases that report a problem (negative) or its absence (positive) with no opinion word.
_PROBLEM_ZH: Final = re.compile(
    r"(?<!不用)(?<!不必)(?<!无需)(?<!没)催了" + _NUM + r"?次|催了好几次|催了半天|一直催(?!.*不用)"
    r"|(?<![只才就])(?:等了|排队|排了|等菜|用时)(?:快|近|将近|约|大约|足足|整整|了)?(?:[2-9]\d|\d{3})分钟"
    r"|(?:[2-9]\d|\d{3})分钟(?:才|只|还没|菜还)"
    r"|多收|少收|被扣|扣了" + _NUM + r"|没到账|少送|送错|上错|漏单|算了两份|重打|打错"
    r"|出错|不同步|不一致|加载不出来|卡住|打不开|开不了|答不上来|说不知道|回答不清楚"
    r"|没人接|无人(?:递|理|接|招呼|引导)|站着等|忙不过来|不够用|抱怨|混乱|要求退款|要求赔偿"
    r"|要求退掉|给个说法|要求更换|要求重做|偏高|不建议"
)
_NO_PROBLEM_ZH: Final = re.compile(
    r"只等了|才等了|没怎么等|没等多久|不用等|不用排队|不用干等|无需等|到了就有位置|就上齐了"
    r"|没多久就上|不用一直催"
)
_PROBLEM_EN: Final = re.compile(
    r"(?<!only )(?<!just )\b(?:waited|waiting|wait of|took|queued)\b(?:(?!\bonly\b)[^.]){0,24}?"
    r"\b(?:[2-9]\d|\d{3})\s*(?:minutes|mins|min)\b"
    r"|\b(?:[2-9]\d|\d{3})\s*(?:minutes|mins)\s+(?:for|before|until)\b"
    r"|\bcharged? (?:us )?(?:extra|twice|double)|\bovercharged|\bwrong (?:dish|order|bill)"
)
_NO_PROBLEM_EN: Final = re.compile(
    r"\b(?:only|just) waited|\bno wait\b|\bgot a table right away|\bseated (?:right away|immediately)"
)
_VERDICT_NEG_ZH: Final = re.compile(
    r"不会再来|不会再去|再也不来|再也不去|下次不来|不来了|不去了|差评|失望|避雷|慎重|慎入|千万别|不建议"
    r"|不推荐|踩雷|劝退|不值|不满意|后悔|垃圾"
)
_VERDICT_POS_ZH: Final = re.compile(
    r"下次还来|下次再来|还会再来|会再来|还会来|还来|五星|好评|推荐|值得|必点|必吃|回购|没毛病"
)
_VERDICT_WEAK_ZH: Final = re.compile(r"^(?:很|挺|非常|真|还|都|十分|特别)?(?:不错|满意|好|棒)$")
_VERDICT_MID_ZH: Final = re.compile(r"中规中矩|再观察|一般般|^还行吧?$|^一般吧?$|马马虎虎|凑合")
_NOT_VERDICT_ZH: Final = re.compile(r"给|吗|呢|怎么|如何|是不是|能不|为什么|以为|但愿|没想到")
_PREFIX_ZH: Final = re.compile(
    r"^(?:总之|总的来说|总体来说|总体上|总体|整体来说|整体|总而言之|综上|所以|但是|但|不过|可是)"
)
_PARTICLES_ZH: Final = re.compile(r"[了的啊呀吧哦啦嘛哈!~。.…\s]+")
_VERDICT_NEG_EN: Final = re.compile(
    r"\b(?:disappoint\w*|never again|won't (?:be back|return|come back)|will not (?:return|come back)"
    r"|not worth|not recommended|do not recommend|don't recommend|avoid|stay away|terrible|awful"
    r"|horrible|one star|waste of \w+)\b"
)
_VERDICT_POS_EN: Final = re.compile(
    r"\b(?:(?:will|would|we'll|i'll) (?:definitely |surely |certainly )?(?:come|be|go) (?:back|again)"
    r"|highly recommended?|recommended|a must|must try|worth (?:it|a visit|the trip)|loved it"
    r"|five stars|5 stars|(?:pretty |very )?good overall|great overall|excellent overall)\b"
)
_VERDICT_MID_EN: Final = re.compile(
    r"\b(?:average experience|it was (?:ok|okay|fine|alright)|nothing special|so-so|just okay"
    r"|mediocre overall|we'll see)\b"
)
_OPENER: Final = re.compile(r"^(?:麻烦(?:您|你们|你)?|请)")
_LABEL: Final = re.compile(r"^(?:建议|意见|suggestions?|feedback)\s*[:：]\s*")
_CONTEXT: Final = re.compile(
    r"(?:朋友|同事|家人|网上|别人|群里|酒店|导游)?推荐(?:来|过来|去)的|被推荐来|经人推荐"
    r"|\b(?:(?:\w+ )?recommended (?:this place|it to us|us this)|on (?:a|the) recommendation)\b"
)
_OVERALL_ZH: Final = re.compile(r"整体|总体|总的来说|总之")
_SOFT: Final = re.compile(
    r"有点|有些|有一点|略|稍|一点点|还算|比较|应该|可能|也许|\b(?:a bit|slightly|somewhat|a little|kind of|maybe)\b"
)
_SUMMARY_EN: Final = re.compile(
    r"^(?:总之|总的来说|总体|整体|总而言之|综上|overall|all in all|in short)"
)
_CJK: Final = re.compile(r"[\u3400-\u9fff]")
_LETTER: Final = re.compile(r"[a-z\u3400-\u9fff]")
VERDICT_MAX_ZH: Final = 6
"""A Chinese verdict clause has at most this many characters once 总之, 整体 … and particles
are taken off (four more with 整体, 总之 inside); a weak word (不错, 满意) is a verdict only
alone or after such a prefix."""
VERDICT_MAX_EN: Final = 6
"""An English verdict clause has at most this many words (or starts with overall …)."""


@dataclass(frozen=True)
class ClauseCue:
    """What one clause is: a request, a fixed problem phrase (−1) or its absence (+1), a verdict,
    or context with no opinion (how the customer came).

    ``verdict``: +1 or −1 for a clear positive or negative verdict, 0 for a lukewarm one
    (中规中矩, average experience), None when the clause is no verdict.
    """

    request: bool = False
    problem: float = 0.0
    verdict: float | None = None
    context: bool = False


def is_request(clause: str) -> bool:
    """True when ``clause`` asks for something or suggests a change.

    A label such as "建议：" or "Suggestion:" in front is read through: "建议：价格偏高" is a
    complaint, "建议：希望可以线上预约" a request.
    """
    label = _LABEL.match(clause)
    if label is not None and clause[label.end() :].strip():
        clause = clause[label.end() :]
    if _CJK.search(clause):
        return bool(_REQUEST_ZH.search(clause))
    return bool(_REQUEST_EN.search(clause))


def request_body(clause: str) -> str:
    """``clause`` without a polite opener (麻烦…, 请…) that the lexicon would read as a complaint."""
    return _OPENER.sub("", clause)


def is_context(clause: str) -> bool:
    """True when ``clause`` says only how the customer came ("朋友推荐来的") or holds no word
    (a time such as "12:46"): no opinion."""
    return not _LETTER.search(clause) or bool(_CONTEXT.search(clause))


def problem_polarity(clause: str) -> float:
    """−1 for a fixed phrase reporting a problem, +1 for one reporting its absence, else 0."""
    if _CJK.search(clause):
        if _NO_PROBLEM_ZH.search(clause):
            return 1.0
        return -1.0 if _PROBLEM_ZH.search(clause) else 0.0
    if _NO_PROBLEM_EN.search(clause):
        return 1.0
    return -1.0 if _PROBLEM_EN.search(clause) else 0.0


def verdict_polarity(clause: str) -> float | None:
    """+1 / −1 / 0 when ``clause`` is a short, clear overall verdict (see ``ClauseCue``).

    The clause must be a verdict phrase with little else (下次还来, 总之很失望, Disappointing),
    no softener (有点失望 is no clear verdict) and no question or aside (一星给快递);
    its sign comes from the lexicon, so 不会再来 and 不是很满意 are negative.
    """
    if _CJK.search(clause):
        core = _PARTICLES_ZH.sub("", clause)
        prefixed = _PREFIX_ZH.match(core)
        core = core[prefixed.end() :] if prefixed else core
        if _VERDICT_MID_ZH.search(core) and len(core) <= VERDICT_MAX_ZH:
            return 0.0
        limit = VERDICT_MAX_ZH + (4 if _OVERALL_ZH.search(core) else 0)
        if len(core) > limit or _NOT_VERDICT_ZH.search(core) or _SOFT.search(core):
            return None
        weak = _VERDICT_WEAK_ZH.match(core) and (prefixed or len(core) <= 3)
        if not (_VERDICT_NEG_ZH.search(core) or _VERDICT_POS_ZH.search(core) or weak):
            return None
        return _sign(core, "zh", bool(_VERDICT_NEG_ZH.search(core)))
    words = clause.split()
    if len(words) > VERDICT_MAX_EN and not _SUMMARY_EN.search(clause):
        return None
    if _VERDICT_MID_EN.search(clause):
        return 0.0
    if _SOFT.search(clause) or not (
        _VERDICT_NEG_EN.search(clause) or _VERDICT_POS_EN.search(clause)
    ):
        return None
    return _sign(clause, "en", bool(_VERDICT_NEG_EN.search(clause)))


def _sign(text: str, lang: Lang, negative: bool) -> float:
    """The lexicon's sign of ``text``; the verdict phrase's own sign when the lexicon is silent."""
    net = float(lexicon_features(text, lang)[2])
    if net == 0:
        return -1.0 if negative else 1.0
    return 1.0 if net > 0 else -1.0


def clause_cue(clause: str) -> ClauseCue:
    """The ``ClauseCue`` of one clause (a request is never a verdict)."""
    request = is_request(clause)
    context = not request and is_context(clause)
    return ClauseCue(
        request=request,
        problem=problem_polarity(clause),
        verdict=None if request or context else verdict_polarity(clause),
        context=context,
    )


__all__ = [
    "VERDICT_MAX_EN",
    "VERDICT_MAX_ZH",
    "ClauseCue",
    "clause_cue",
    "is_context",
    "is_request",
    "problem_polarity",
    "request_body",
    "verdict_polarity",
]
