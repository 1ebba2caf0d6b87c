"""The vocabulary of rulesets (grammar/rules.yaml), read at compile time only."""

from __future__ import annotations

import re
from functools import cache

from ..resources import GRAMMAR, load_table

# a reference whose purpose is an evaluation form the decree takes from another act
FORM_PURPOSE = re.compile(r"^evaluation_form")


@cache
def vocabulary() -> dict:
    """grammar/rules.yaml: inputs, names, scales, sanctions, labels."""
    return load_table(GRAMMAR / "rules.yaml")
