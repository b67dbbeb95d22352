"""5-Why tree figure: the problem on the left, each why one column further, root causes marked.

Drawn with matplotlib (text as paths), so user text never reaches the SVG markup.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from needscope.methods.fivewhy import FiveWhy, WhyNode
from needscope.model.vocab import Lang
from needscope.report.charts import wrap_label
from needscope.report.plots_methods import WIDTH_IN, new_figure, styled

ROOT_FILL, ROOT_EDGE = "#FDE2E1", "#E15759"
NODE_FILL, NODE_EDGE = "#EEF3F8", "#4E79A7"
PROBLEM_FILL = "#4E79A7"


def tree_layout(tree: FiveWhy) -> list[tuple[tuple[int, ...], int, float, WhyNode | None]]:
    """(path, level, row, node) for the problem (path ``()``, node None) and every why.

    Leaves take rows 0, 1, 2 … in order; a parent sits at the middle of its children.
    """
    placed: list[tuple[tuple[int, ...], int, float, WhyNode | None]] = []
    next_row = [0.0]

    def walk(nodes: list[WhyNode], prefix: tuple[int, ...]) -> list[float]:
        rows = []
        for i, n in enumerate(nodes):
            path = (*prefix, i)
            if n.children:
                kids = walk(n.children, path)
                row = (kids[0] + kids[-1]) / 2
            else:
                row = next_row[0]
                next_row[0] += 1
            placed.append((path, len(path), row, n))
            rows.append(row)
        return rows

    top = walk(tree.whys, ())
    placed.append(((), 0, (top[0] + top[-1]) / 2 if top else 0.0, None))
    return sorted(placed, key=lambda p: (p[1], p[2]))


@styled
def fivewhy_figure(tree: FiveWhy, lang: Lang = "zh") -> Figure:
    """The tree as boxes joined by elbow lines; leaves (root causes) in red."""
    layout = tree_layout(tree)
    levels = max(p[1] for p in layout) + 1
    leaves = max(1, sum(1 for p in layout if p[3] is not None and not p[3].children))
    height = max(2.0, 1.0 * leaves + 0.8)
    fig, ax = new_figure(height, left=0.1, right=0.1, bottom=0.45, top=0.35)
    ax.set_axis_off()
    ax.set_xlim(-0.5, levels - 0.5)
    ax.set_ylim(leaves - 0.5, -0.5)
    cells = max(10, min(24, int(WIDTH_IN / levels * 14)))
    where = {p[0]: (float(p[1]), p[2]) for p in layout}
    for path, level, row, _node in layout:
        if path:
            px, py = where[path[:-1]]
            mid = px + 0.5
            ax.plot([px, mid, mid, level], [py, py, row, row], color="#9AA7B4", lw=0.9, zorder=1)
    why = "为什么" if lang == "zh" else "Why"
    for _path, level, row, node in layout:
        if node is None:
            text, fill, edge, colour = tree.problem, PROBLEM_FILL, PROBLEM_FILL, "white"
        elif not node.children:
            text, fill, edge, colour = node.text, ROOT_FILL, ROOT_EDGE, "#7A1F1F"
        else:
            text, fill, edge, colour = node.text, NODE_FILL, NODE_EDGE, "#1F2D3A"
        ax.text(level, row, wrap_label(text, cells, 4), ha="center", va="center", fontsize=8.5,
                color=colour, zorder=3, fontweight="bold" if node is None or not node.children
                else "normal",
                bbox={"boxstyle": "round,pad=0.4", "fc": fill, "ec": edge, "lw": 1.0})  # fmt: skip
    for level in range(levels):
        head = ("问题" if lang == "zh" else "Problem") if level == 0 else f"{why} {level}"
        ax.text(level, -0.5, head, ha="center", va="bottom", fontsize=8, color="#666666")
    ax.text(0.0, -0.02, "■", transform=ax.transAxes, color=ROOT_EDGE, fontsize=9, va="top")
    ax.text(0.03, -0.02, "根因（最深一层的回答）" if lang == "zh"
            else "Root cause (deepest answer)", transform=ax.transAxes, va="top",
            fontsize=8, color="#666666")  # fmt: skip
    return fig


__all__ = ["fivewhy_figure", "tree_layout"]
