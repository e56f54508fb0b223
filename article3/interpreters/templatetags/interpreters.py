"""Languages in words, and the interpreting warnings of a case, for any page that shows them."""

import datetime

from django import template

from article3.cases.models import Case
from article3.findings import Finding
from article3.interpreters import languages as lang
from article3.interpreters.models import Booking
from article3.interpreters.selectors import booking_date

register = template.Library()


@register.filter
def language(code: str) -> str:
    return lang.language_name(code)


@register.filter
def languages(codes: list[str]) -> str:
    names = [lang.language_name(c) for c in codes or []]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}" if names else ""


@register.filter
def spoken(value: list[lang.Spoken]) -> str:
    return lang.describe_spoken(value or [])


@register.simple_tag
def booking_day(booking: Booking) -> datetime.date | None:
    return booking_date(booking)


@register.simple_tag
def interpreter_warnings(case: Case) -> list[Finding]:
    from article3.interpreters.checks import interpreter_findings

    return interpreter_findings(case=case)
