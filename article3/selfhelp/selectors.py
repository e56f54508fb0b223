"""Reads of the self-help interview: the session's interview, and the forum's published deadlines."""

from dataclasses import dataclass

from django.http import HttpRequest

from article3.selfhelp.models import Interview

SESSION_KEY = "selfhelp_interview"


def interview_for_session(*, request: HttpRequest) -> Interview | None:
    """The interview this browser is in, while it is not handed over."""
    pk = request.session.get(SESSION_KEY)
    if pk is None:
        return None
    return (Interview.objects.select_related("case__applicant", "case__organisation")
            .filter(pk=pk, handed_over_at__isnull=True).first())


@dataclass(frozen=True)
class PublishedDeadline:
    label: str
    period: str
    note: str
    citation: str
    verified: bool


def published_deadlines(*, forum: str) -> tuple[str, list[PublishedDeadline]]:
    """The forum's name and its deadline rules as the rule pack gives them, each with its source."""
    from article3.rulepacks import load_pack, pack_ids

    pack = load_pack(forum if forum in pack_ids() else "generic")
    rules = []
    for rule in pack.deadlines:
        period = f"{rule.period} {(rule.unit or '').replace('_', ' ')} {rule.direction or ''} {rule.trigger}" \
            if rule.period is not None else ""
        rules.append(PublishedDeadline(label=rule.label, period=" ".join(period.split()).replace("_", " "),
                                       note=rule.note, citation=rule.source.citation, verified=rule.source.verified))
    return pack.name, rules
