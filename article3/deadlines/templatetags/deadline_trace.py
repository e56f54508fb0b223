"""The engine's working of a deadline, in the reader's language (`article3.deadlines.explain`)."""

from django import template

from article3.deadlines import explain

register = template.Library()


@register.filter
def working(deadline: explain.Worked) -> list[str]:
    """`{% for line in d|working %}`: how the date was computed, step by step."""
    return explain.working(deadline)


@register.filter
def why_earlier(deadline: explain.Worked) -> str:
    """`{{ d|why_earlier }}`: why the date to aim for comes before the due date ("" when it does not)."""
    return explain.why_earlier(deadline)
