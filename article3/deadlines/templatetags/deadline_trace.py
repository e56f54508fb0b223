"""The engine's working of a deadline, in the reader's language (`article3.deadlines.explain`)."""

from collections.abc import Iterable

from django import template

from article3.deadlines.explain import explain, explain_all

register = template.Library()


@register.filter
def explained(lines: Iterable[str]) -> list[str]:
    return explain_all(lines or [])


@register.filter
def explained_line(line: str) -> str:
    return explain(str(line)) if line else ""
