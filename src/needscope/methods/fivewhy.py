"""5-Why: an editable root-cause tree attached to a need, shown as a text tree or a table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from needscope.methods._common import require_columns
from needscope.model.vocab import Lang

Path = tuple[int, ...]


@dataclass
class WhyNode:
    """One answer to "why?"; its children answer "why?" about it in turn."""

    text: str
    evidence: str = ""
    children: list[WhyNode] = field(default_factory=list)


@dataclass
class FiveWhy:
    """A root-cause analysis of ``problem`` for ``need``; nodes are addressed by index paths."""

    need: str
    problem: str
    whys: list[WhyNode] = field(default_factory=list)

    def node(self, path: Path) -> WhyNode:
        """The node at ``path`` (e.g. ``(0, 1)``: second answer under the first why)."""
        if not path:
            raise ValueError("empty path: the problem itself is not a why-node")
        nodes = self.whys
        current: WhyNode | None = None
        for depth, i in enumerate(path):
            if not 0 <= i < len(nodes):
                raise IndexError(f"no node at {path[: depth + 1]}")
            current = nodes[i]
            nodes = current.children
        assert current is not None
        return current

    def add(self, text: str, parent: Path = (), evidence: str = "") -> Path:
        """Add a why under ``parent`` (``()`` = directly under the problem); return its path."""
        if not text.strip():
            raise ValueError("a why needs text")
        siblings = self.node(parent).children if parent else self.whys
        siblings.append(WhyNode(text.strip(), evidence))
        return (*parent, len(siblings) - 1)

    def edit(self, path: Path, text: str | None = None, evidence: str | None = None) -> None:
        """Change a node's text or evidence."""
        node = self.node(path)
        if text is not None:
            if not text.strip():
                raise ValueError("a why needs text")
            node.text = text.strip()
        if evidence is not None:
            node.evidence = evidence

    def remove(self, path: Path) -> WhyNode:
        """Remove the node at ``path`` with its subtree and return it."""
        self.node(path)
        siblings = self.node(path[:-1]).children if len(path) > 1 else self.whys
        return siblings.pop(path[-1])

    def root_causes(self) -> list[tuple[Path, WhyNode]]:
        """The leaves: the deepest answers, taken as root causes."""
        found: list[tuple[Path, WhyNode]] = []

        def walk(nodes: list[WhyNode], prefix: Path) -> None:
            for i, n in enumerate(nodes):
                if n.children:
                    walk(n.children, (*prefix, i))
                else:
                    found.append(((*prefix, i), n))

        walk(self.whys, ())
        return found

    def depth(self) -> int:
        """Number of why-levels on the longest chain."""
        return max((len(p) for p, _ in self.root_causes()), default=0)

    def to_frame(self) -> pd.DataFrame:
        """Long table: node, parent, level, text, evidence, is_root_cause (pre-order)."""
        rows: list[dict[str, Any]] = []

        def walk(nodes: list[WhyNode], prefix: Path) -> None:
            for i, n in enumerate(nodes):
                path = (*prefix, i)
                rows.append({"need": self.need, "node": _key(path),
                             "parent": _key(prefix) if prefix else "", "level": len(path),
                             "text": n.text, "evidence": n.evidence,
                             "is_root_cause": not n.children})  # fmt: skip
                walk(n.children, path)

        walk(self.whys, ())
        columns = ["need", "node", "parent", "level", "text", "evidence", "is_root_cause"]
        return pd.DataFrame(rows, columns=columns)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, need: str, problem: str) -> FiveWhy:
        """Rebuild from a table with ``node`` ("1.2"), ``parent`` ("1" or blank) and ``text``."""
        require_columns(frame, ["node", "parent", "text"])
        tree = cls(need, problem)
        paths: dict[str, Path] = {}
        keys = frame["node"].astype(str).str.strip()
        if keys.str.fullmatch(r"\d+(\.\d+)*").all():
            order = sorted(
                range(len(frame)), key=lambda i: tuple(map(int, keys.iloc[i].split(".")))
            )
        else:
            depth = keys.str.count(r"\.").to_numpy()
            order = sorted(range(len(frame)), key=lambda i: int(depth[i]))
        for row in frame.iloc[order].itertuples(index=False):
            key, parent = str(row.node).strip(), str(row.parent or "").strip()
            if parent in ("", "nan", "None"):
                parent_path: Path = ()
            elif parent in paths:
                parent_path = paths[parent]
            else:
                raise ValueError(f"node {key!r}: parent {parent!r} is not in the table")
            evidence = getattr(row, "evidence", "")
            evidence = "" if evidence is None or pd.isna(evidence) else str(evidence)
            paths[key] = tree.add(str(row.text), parent_path, evidence)
        return tree

    def render(self, lang: Lang = "zh") -> str:
        """The tree as text, e.g. "问题 …" then "└─ 为什么1: …" lines; root causes marked."""
        head = "问题" if lang == "zh" else "Problem"
        why = "为什么" if lang == "zh" else "Why"
        root = "（根因）" if lang == "zh" else " (root cause)"
        lines = [f"{head}: {self.problem}"]

        def walk(nodes: list[WhyNode], indent: str, level: int) -> None:
            for i, n in enumerate(nodes):
                last = i == len(nodes) - 1
                mark = root if not n.children else ""
                ev = f" [{n.evidence}]" if n.evidence else ""
                lines.append(f"{indent}{'└─' if last else '├─'} {why}{level}: {n.text}{mark}{ev}")
                walk(n.children, indent + ("   " if last else "│  "), level + 1)

        walk(self.whys, "", 1)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready)."""

        def node(n: WhyNode) -> dict[str, Any]:
            return {"text": n.text, "evidence": n.evidence,
                    "children": [node(c) for c in n.children]}  # fmt: skip

        return {"need": self.need, "problem": self.problem, "whys": [node(n) for n in self.whys]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FiveWhy:
        """Inverse of :meth:`to_dict`."""

        def node(d: dict[str, Any]) -> WhyNode:
            return WhyNode(str(d["text"]), str(d.get("evidence", "")),
                           [node(c) for c in d.get("children", [])])  # fmt: skip

        return cls(str(data["need"]), str(data["problem"]), [node(n) for n in data["whys"]])


def _key(path: Path) -> str:
    """Human node number: (0, 1) → "1.2"."""
    return ".".join(str(i + 1) for i in path)


def five_why(need: str, problem: str, chain: list[str]) -> FiveWhy:
    """A single chain: each answer is the why of the one before."""
    tree = FiveWhy(need, problem)
    parent: Path = ()
    for text in chain:
        parent = tree.add(text, parent)
    return tree


__all__ = ["FiveWhy", "WhyNode", "five_why"]
