"""Connected components of an edge list (union-find), shared by every link stage."""

from __future__ import annotations

from collections.abc import Iterable


def union_find(edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """node -> the smallest node of its connected component (so the result does not depend
    on the order of the edges).

    >>> sorted(union_find([("b", "c"), ("d", "c"), ("x", "y")]).items())
    [('b', 'b'), ('c', 'b'), ('d', 'b'), ('x', 'x'), ('y', 'x')]
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {node: find(node) for node in parent}


def components(edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The connected components, each sorted, in the order of their smallest node.

    >>> components([("b", "c"), ("x", "y"), ("d", "c")])
    [['b', 'c', 'd'], ['x', 'y']]
    """
    groups: dict[str, list[str]] = {}
    for node, root in sorted(union_find(edges).items()):
        groups.setdefault(root, []).append(node)
    return [groups[root] for root in sorted(groups)]
