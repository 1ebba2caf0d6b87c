"""The compiled ruleset: a decree's rule plan, under its id and language.

A ruleset is compiled from the facts of one decree (parser/rules/build.py: facts -> draft ->
plan) and holds its plan (parser/rules/plan.py) and nothing else that has a meaning: the
inputs, the decision list, the labels, the deadlines, the references and the checker's
diagnostics are all the plan's. Every evaluator and every reader (report, cases, deadlines,
the benchmark) reads the plan. The JSON Schema is written to
generated/schema/ruleset.schema.json.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from .plan import Plan
from .read import FORMAT_VERSION


class Ruleset(BaseModel):
    """A decree's rules: its plan; `assumptions` are what an answer under this ruleset
    assumes that the texts do not state (the version in force on an --as-of day whose start
    date is unknown, parser/amend/works.py), never written by the compiler."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format_version: int = FORMAT_VERSION
    id: str
    lang: str | None
    plan: Plan
    assumptions: list[str] = []
