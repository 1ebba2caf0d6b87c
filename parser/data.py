"""YAML data files the project reads (gold facts, sample cases, a case given to `ereje
evaluate`): a SafeLoader that reads every number as an exact Decimal (3.99 stays 3.99).

Only plain data is constructed (the SafeLoader's tags); no document text is read this way.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml


class _DecimalLoader(yaml.SafeLoader):
    """SafeLoader with numbers as Decimal."""


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    return Decimal(loader.construct_scalar(node).replace("_", ""))


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _decimal)
_DecimalLoader.add_constructor("tag:yaml.org,2002:int", _decimal)


def load_yaml(text: str) -> Any:
    """YAML text -> data, numbers as Decimal."""
    return yaml.load(text, Loader=_DecimalLoader)  # noqa: S506 - a SafeLoader subclass
