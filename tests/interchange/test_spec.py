"""docs/case-package.md is normative: every key the importer accepts is named there."""

import re
from pathlib import Path
from typing import Any

from article3.interchange import schema

SPEC = Path(__file__).resolve().parents[2] / "docs" / "case-package.md"


def _keys(check: Any, path: str) -> set[str]:
    """Every key path of the manifest's shape (lists are walked through their item check)."""
    found: set[str] = set()
    if isinstance(check, schema.Mapping):
        for key, (inner, _required) in check.fields.items():
            found.add(key)
            found |= _keys(inner, f"{path}.{key}")
    for cell in getattr(check, "__closure__", None) or ():  # list_of(item) keeps its item in a closure
        if callable(cell.cell_contents):
            found |= _keys(cell.cell_contents, path)
    return found


def test_every_accepted_key_is_documented() -> None:
    text = SPEC.read_text()
    keys = _keys(schema.build(forums=("us-eoir",), version=2), "")
    assert {"custody", "feared_agents", "safety_plan", "interim_requests", "concerns_applicant"} <= keys
    missing = sorted(k for k in keys if not re.search(rf"\b{re.escape(k)}:", text))
    assert missing == [], f"keys accepted by the importer but not in docs/case-package.md: {missing}"
