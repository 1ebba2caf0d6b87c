"""Facts as compiled JSON holds them: one record model per kind, their JSON Schema, the docs.

`parse_fact` reads a fact of `generated/<id>.json` (or any JSON written by `ereje compile`)
into its kind's record, a discriminated union on `kind` whose `fields` is the kind's model of
parser/facts/kinds.py. `fact_schema()` is the JSON Schema written to
`generated/schema/facts.schema.json`; `field_tables()` the field tables printed in
docs/vocabulary.md (`python -m parser.facts.schema` rewrites them there).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import Field, TypeAdapter, create_model

from ..model import Location
from .kinds import DECIMAL_JSON, KINDS, Fields


class Record(Fields):
    """A fact as `ereje compile` writes it: provenance, and the fields of its kind."""

    address: str = Field(description="the clause (or table, note, appendix) it was read from")
    span: tuple[int, int] = Field(description="[start, end) in the normalized text")
    source: Location = Field(description="where the span starts in the source file (page for "
                                         "a PDF only; 1-based)")
    quote: str = Field(description="the text of the span, white space folded")
    lang: str | None = Field(description="the language it was read in (`kk`, `ru`)")


def _record(kind: str, model: type[Fields]) -> type[Record]:
    """The record model of one kind: `kind` fixed, `fields` that kind's model."""
    return create_model(f"{model.__name__}Fact", __base__=Record, __doc__=model.__doc__,
                        kind=(Literal[kind], ...), fields=(model, ...))


@cache
def records() -> dict[str, type[Record]]:
    """Each kind's record model (built once, when first needed: not every command reads facts)."""
    return {kind: _record(kind, model) for kind, model in KINDS.items()}


@cache
def _adapter() -> TypeAdapter:
    """The validator of a compiled fact: the records, a discriminated union on `kind`."""
    union = Union[tuple(records().values())]  # noqa: UP007
    return TypeAdapter(Annotated[union, Field(discriminator="kind")])


def parse_fact(data: Mapping[str, Any]) -> Record:
    """A fact of compiled JSON -> its kind's record (pydantic.ValidationError if it does not fit)."""
    return _adapter().validate_python(dict(data))


def fact_schema() -> dict:
    """The JSON Schema of a compiled fact (generated/schema/facts.schema.json)."""
    schema = _adapter().json_schema()
    schema["title"] = "Ereje fact"
    schema["description"] = ("One fact of a compiled decree (`facts` of generated/<id>.json): "
                             "its kind, provenance and fields (parser/facts/kinds.py).")
    return schema


def schema_text() -> str:
    """The fact schema as the file holds it: sorted keys, one space indents."""
    return json.dumps(fact_schema(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# ---------------------------------------------------------------------------- docs tables

BEGIN = "<!-- fields: generated from parser/facts/kinds.py by `python -m parser.facts.schema` -->"
END = "<!-- end of fields -->"
_NAMED_PATTERNS = {r"^\S+$": "key", r"^[1-9][0-9]*/[1-9][0-9]*$": "fraction (`2/3`)"}


def field_tables() -> str:
    """Markdown: a table of fields for each kind's model and each model they hold."""
    out = []
    for name, model in _models():
        schema = model.model_json_schema()
        required = set(schema.get("required", ()))
        kind = next((k for k, m in KINDS.items() if m is model), None)
        out += [f"### `{kind}`" if kind else f"#### {name}", "", model.__doc__.strip(), ""]
        if model.compared:
            out += ["Compared with a gold fact: " + ", ".join(f"`{f}`" for f in model.compared)
                    + ".", ""]
        if model.concept:
            out += ["What rule it states, in any language (decrees are aligned on it): "
                    + ", ".join(f"`{f}`" for f in model.concept) + ".", ""]
        if model.open_keys:
            out += ["Keys of the lexicon's open sets, every value documented in this page or "
                    "docs/facts.md: " + ", ".join(f"`{f}`" for f in model.open_keys) + ".", ""]
        out += ["| field | type | meaning |", "|---|---|---|"]
        order = [*model.compared, *(f for f in schema["properties"] if f not in model.compared)]
        for field in order:
            prop = schema["properties"][field]
            optional = "" if field in required else " (optional)"
            out.append(f"| `{field}` | {_type(prop)}{optional} | "
                       f"{prop.get('description', '').replace('|', '∣')} |")
        out.append("")
    return "\n".join(out)


def _models() -> list[tuple[str, type[Fields]]]:
    """The kinds' models, then the models nested in them, each once, in order of use."""
    seen: dict[str, type[Fields]] = {}

    def visit(model: type[Fields]) -> None:
        for info in model.model_fields.values():
            for nested in _nested(info.annotation):
                if nested.__name__ not in seen:
                    seen[nested.__name__] = nested
                    visit(nested)

    for model in KINDS.values():
        seen.setdefault(model.__name__, model)
    for model in list(KINDS.values()):
        visit(model)
    return list(seen.items())


def _nested(annotation: Any) -> list[type[Fields]]:
    """The Fields models an annotation holds (through unions, tuples, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, Fields):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _nested(arg)]


def _type(prop: dict) -> str:
    """A property's JSON Schema in words: `decimal or null`, `one of <, <=`, `list of key`."""
    if "$ref" in prop:
        return prop["$ref"].rsplit("/", 1)[-1]  # the model's own table, under its name
    if prop.get("anyOf") == DECIMAL_JSON["anyOf"]:
        return "decimal"
    if "anyOf" in prop:
        return " or ".join(dict.fromkeys(_type(p) for p in prop["anyOf"]))
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    kind = prop.get("type")
    if kind == "array":
        if "prefixItems" in prop:
            return "[" + ", ".join(_type(p) for p in prop["prefixItems"]) + "]"
        return f"list of {_type(prop.get('items', {}))}"
    if kind == "object":
        values = prop.get("additionalProperties") or next(
            iter(prop.get("patternProperties", {}).values()), {})
        return f"mapping of key to {_type(values)}"
    if kind == "string":
        return _NAMED_PATTERNS.get(prop.get("pattern"), "MM-DD" if "pattern" in prop else "text")
    if kind == "integer":
        return _integer(prop)
    return {"boolean": "boolean", "null": "null", "number": "number"}.get(kind, "any")


def _integer(prop: dict) -> str:
    """An integer with its bounds: `integer ≥ 0`, `integer 1–31`."""
    low, high = prop.get("minimum", prop.get("exclusiveMinimum")), prop.get("maximum")
    if "exclusiveMinimum" in prop:
        low += 1
    if low is not None and high is not None:
        return f"integer {low}–{high}"
    return f"integer ≥ {low}" if low is not None else "integer"


def rewrite_docs(path: Path) -> bool:
    """Replace the generated field tables of a docs page; True when the page changed."""
    text = path.read_text(encoding="utf-8")
    fresh = re.sub(re.escape(BEGIN) + r".*?" + re.escape(END),
                   lambda _: f"{BEGIN}\n\n{field_tables()}\n{END}", text, flags=re.S)
    if fresh != text:
        path.write_text(fresh, encoding="utf-8")
    return fresh != text


if __name__ == "__main__":
    rewrite_docs(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/vocabulary.md"))
