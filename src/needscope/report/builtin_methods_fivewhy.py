"""Method section 5-Why 根因分析: each need's stored root-cause tree, drawn and tabled."""

from __future__ import annotations

from functools import partial

import pandas as pd

from needscope.methods.fivewhy import FiveWhy
from needscope.model.vocab import Lang
from needscope.report.blocks import Block, Section, Table, Text
from needscope.report.builtin_methods_needs import stored
from needscope.report.methods_context import skip, title, tr
from needscope.report.plots_methods import render_block
from needscope.report.plots_methods_tree import fivewhy_figure
from needscope.report.registry import ReportContext


def stored_trees(needs: pd.DataFrame) -> list[tuple[int, FiveWhy]]:
    """(need id, tree) for each need with a stored, non-empty 5-Why tree, in register order."""
    if needs.empty or "whys" not in needs.columns:
        return []
    out = []
    for nid, description, value in zip(needs["id"], needs["description"], needs["whys"],
                                       strict=True):  # fmt: skip
        data = stored(value)
        if not data:
            continue
        tree = FiveWhy.from_dict({"need": description, "problem": description, "whys": [], **data})
        if not tree.need:
            tree.need = str(description)
        if tree.whys:
            out.append((int(nid), tree))
    return out


def chains(tree: FiveWhy, lang: Lang) -> list[str]:
    """One line per root cause: problem → why 1 → … → root cause [evidence]."""
    lines = []
    for path, leaf in tree.root_causes():
        steps = [tree.node(path[:k]).text for k in range(1, len(path) + 1)]
        evidence = [tree.node(path[:k]).evidence for k in range(1, len(path) + 1)]
        notes = (
            "；".join(e for e in evidence if e)
            if lang == "zh"
            else "; ".join(e for e in evidence if e)
        )
        arrow = " → ".join([tree.problem, *steps])
        tail = tr(lang, f"（依据：{notes}）", f" (evidence: {notes})") if notes else ""
        lines.append(tr(lang, f"根因：{leaf.text}。链条：{arrow}{tail}",
                        f"Root cause: {leaf.text}. Chain: {arrow}{tail}"))  # fmt: skip
    return lines


def tree_frame(tree: FiveWhy, lang: Lang) -> pd.DataFrame:
    """The long table of a tree with readable root-cause marks and the evidence kept."""
    frame = tree.to_frame().rename(columns={"evidence": "why_evidence"})
    frame["is_root_cause"] = frame["is_root_cause"].map(
        lambda r: tr(lang, "根因", "root cause") if r else ""
    )
    return frame


def build_fivewhy(ctx: ReportContext) -> Section:
    """5-Why trees stored on the needs: a figure, the chains to each root cause, the table."""
    lang = ctx.lang
    trees = stored_trees(ctx.needs)
    if not trees:
        return skip("fivewhy", lang,
                    "登记表中还没有需求附有 5-Why 根因链（needscope needs why），本节从略。",
                    "No need in the register has a 5-Why chain yet (needscope needs why); "
                    "section skipped.")  # fmt: skip
    blocks: list[Block] = [Text(tr(
        lang,
        "5-Why：对需求背后的问题连续追问“为什么”，每一层回答是上一层的原因，"
        "最深一层的回答即根因（图中红框）。一个原因可有多个分支。",
        "5-Why: ask \"why?\" about the problem behind a need, again and again; each answer is "
        "the cause of the one before, and the deepest answers are the root causes (red boxes). "
        "A cause may branch.",
    ))]  # fmt: skip
    for _nid, tree in trees:
        roots = tree.root_causes()
        sep = "；" if lang == "zh" else "; "
        blocks.append(Text(tr(
            lang,
            f"【{tree.need}】问题：{tree.problem}；{tree.depth()} 层追问，"
            f"{len(roots)} 个根因：{sep.join(n.text for _, n in roots)}。",
            f"{tree.need}: problem: {tree.problem}; {tree.depth()} levels of why, "
            f"{len(roots)} root causes: {sep.join(n.text for _, n in roots)}.",
        )))  # fmt: skip
        blocks.append(render_block(partial(fivewhy_figure, tree, lang),
                                   tr(lang, f"5-Why 根因树：{tree.need}",
                                      f"5-Why tree: {tree.need}")))  # fmt: skip
        blocks.append(Text("\n\n".join(chains(tree, lang))))
    frame = pd.concat([tree_frame(t, lang) for _, t in trees], ignore_index=True)
    blocks.append(Table(frame, caption=tr(lang, "5-Why 根因明细", "5-Why nodes"), sheet="5-Why"))
    return Section("fivewhy", title("fivewhy", lang), blocks)


__all__ = ["build_fivewhy", "chains", "stored_trees", "tree_frame"]
