"""Checks over every template file, so that a new page cannot bring back an old mistake."""

import re
from pathlib import Path

import article3

TEMPLATES = sorted(Path(article3.__file__).parent.rglob("templates/**/*.html"))


def test_templates_were_found() -> None:
    assert len(TEMPLATES) > 20


def test_no_form_renders_its_non_field_errors_twice() -> None:
    """`form.as_div` and `form.as_p` already render non-field errors: adding them again showed each twice."""
    doubled = []
    for path in TEMPLATES:
        text = path.read_text()
        for form in set(re.findall(r"\{\{\s*(\w+)\.non_field_errors\s*\}\}", text)):
            if re.search(rf"\{{\{{\s*{form}\.as_(?:div|p|table|ul)\s*\}}\}}", text):
                doubled.append(f"{path.name}: {form}")
    assert doubled == []
