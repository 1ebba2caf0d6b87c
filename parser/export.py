"""Document -> plain data for JSON: deterministic, no absolute paths, no timestamps."""

from __future__ import annotations

from collections import Counter

from .model import Document, Node

FORMAT_VERSION = 1


def node_data(doc: Document, node: Node) -> dict:
    """One node with its source location and children."""
    loc = doc.location(node.span.start)
    data = {"address": node.address, "kind": node.kind}
    if node.number is not None:
        data["number"] = node.number
    if node.heading is not None:
        data["heading"] = node.heading
    if node.text:
        data["text"] = node.text
    data["span"] = [node.span.start, node.span.end]
    data["source"] = {k: v for k, v in loc.model_dump().items() if v is not None}
    if node.lang:
        data["lang"] = node.lang
    if node.attrs:
        data["attrs"] = dict(sorted(node.attrs.items()))
    if node.children:
        data["children"] = [node_data(doc, c) for c in node.children]
    return data


def document_data(doc: Document) -> dict:
    """The compiled form of a decree, as written to generated/<id>.json."""
    kinds = Counter(n.kind for n in doc.nodes())
    removed = Counter(r.reason for r in doc.removed)
    return {
        "format_version": FORMAT_VERSION,
        "id": doc.id,
        "source": doc.path,
        "format": doc.format,
        "lang": doc.lang,
        "stats": {"characters": len(doc.text), "nodes": dict(sorted(kinds.items()))},
        "removed": {"by_reason": dict(sorted(removed.items())),
                    "spans": [[r.start, r.end, r.reason] for r in doc.removed]},
        "diagnostics": [d.model_dump(exclude_none=True) | {"rendered": d.render(doc.path)}
                        for d in doc.diagnostics],
        "roots": [node_data(doc, root) for root in doc.roots],
    }
