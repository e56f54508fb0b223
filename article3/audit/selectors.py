"""Reading the audit log: entries of one case or one organisation, put in plain words for people.

The caller decides who may read (attorneys on the case, the organisation's admins); these
functions only scope, filter and describe. Entries hold ids and keys, never names or text, so
names are looked up here, at reading time, from rows the reader may already see.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from article3.audit.models import AuditEntry
from article3.audit.words import ACTIONS

# Kinds of action a reader can filter on, and which codes each covers.
KINDS: dict[str, tuple[Promise, Q]] = {
    "viewed": (gettext_lazy("Viewed"), Q(action__endswith=".viewed")),
    "downloaded": (gettext_lazy("Downloaded"), Q(action__endswith=".downloaded")),
    "exported": (gettext_lazy("Exported"), Q(action__endswith=".exported")),
    "changed": (gettext_lazy("Changed"), ~Q(action__endswith=".viewed") & ~Q(action__endswith=".downloaded")
                & ~Q(action__endswith=".exported")),
}

PAGES: dict[str, Promise] = {
    "overview": gettext_lazy("the case overview"),
    "people": gettext_lazy("the people of the case"),
    "safety_plan": gettext_lazy("the safety plan"),
    "safety_plan_print": gettext_lazy("the printable safety plan"),
    "evidence": gettext_lazy("the evidence list"),
    "document": gettext_lazy("a document"),
    "chronology": gettext_lazy("the chronology"),
    "chronology_event": gettext_lazy("an event"),
    "team": gettext_lazy("the case team"),
    "intake": gettext_lazy("the intake"),
    "bundles": gettext_lazy("the bundles"),
    "bundle_build": gettext_lazy("a bundle"),
    "elements": gettext_lazy("the elements"),
    "element": gettext_lazy("an element"),
    "fact": gettext_lazy("a fact"),
    "gaps": gettext_lazy("the gap report"),
    "questions": gettext_lazy("the hearing questions"),
    "deadlines": gettext_lazy("the deadlines"),
    "documents": gettext_lazy("the generated documents"),
    "country_information": gettext_lazy("the country information"),
    "chronology_extract": gettext_lazy("the statement extraction"),
    "chronology_extract_document": gettext_lazy("a document's statements"),
    "client": gettext_lazy("the client portal (team side)"),
    "portal_home": gettext_lazy("the home page"),
    "portal_safety_plan": gettext_lazy("the safety plan"),
    "portal_questions": gettext_lazy("the questions"),
    "portal_answer": gettext_lazy("an answer"),
    "portal_upload": gettext_lazy("the page to send files"),
    "portal_messages": gettext_lazy("the messages"),
}


def entries_for_case(*, case_id: int) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(case_id=case_id).order_by("-seq")


def entries_for_organisation(*, organisation_id: int) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(organisation_id=organisation_id).order_by("-seq")


def entries_filtered(entries: QuerySet[AuditEntry], *, actor: str = "", kind: str = "",
                     since: datetime.date | None = None) -> QuerySet[AuditEntry]:
    if actor:
        entries = entries.filter(actor=actor)
    if kind in KINDS:
        entries = entries.filter(KINDS[kind][1])
    if since is not None:
        entries = entries.filter(at__date__gte=since)
    return entries


@dataclass(frozen=True)
class Row:
    seq: int
    at: datetime.datetime
    actor: str
    action: str
    action_words: str
    about: str
    case_id: int | None
    case_reference: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": self.at.isoformat(), "actor": self.actor, "action": self.action,
                "description": self.action_words, "object": self.about, "case": self.case_reference}


def rows_for(entries: list[AuditEntry]) -> list[Row]:
    """Entries as people read them: who by name, what in words, which object by its title and case."""
    from article3.cases.models import Case

    people = _people({e.actor for e in entries} | {f"user:{e.object_key}" for e in entries
                                                   if e.object_type in {"cases.casemember", "auth.user"}})
    titles = _titles(entries)
    references = dict(Case.objects.filter(pk__in={e.case_id for e in entries if e.case_id})
                      .values_list("pk", "reference"))
    return [Row(e.seq, e.at, actor_words(e.actor, people), e.action, action_words(e.action),
                _about(e, people, titles), e.case_id, references.get(e.case_id or 0, "")) for e in entries]


def actor_words(actor: str, people: dict[str, str]) -> str:
    if actor in people:
        return people[actor]
    if actor.startswith("cli:"):
        return _("command line (%(name)s)") % {"name": actor[4:]}
    if actor.startswith("user:"):
        return _("a removed account")
    if actor.startswith("self-help:"):
        return _("the applicant, in the self-help interview")
    return {"system": _("Article3 (automatic)"), "anonymous": _("someone not signed in")}.get(actor, actor)


def action_words(action: str) -> str:
    if action in ACTIONS:
        return str(ACTIONS[action])
    parts = action.split(".")[1:] or [action]
    words = " ".join(p.replace("_", " ") for p in parts)
    return words[:1].upper() + words[1:]


def actor_choices(entries: QuerySet[AuditEntry]) -> list[tuple[str, str]]:
    actors = sorted(entries.order_by().values_list("actor", flat=True).distinct())
    people = _people(set(actors))
    return sorted(((a, actor_words(a, people)) for a in actors), key=lambda pair: pair[1])


def _people(actors: set[str]) -> dict[str, str]:
    ids = [int(a[5:]) for a in actors if a.startswith("user:") and a[5:].isdigit()]
    found = get_user_model().objects.filter(pk__in=ids).values_list("pk", "email")
    return {f"user:{pk}": email for pk, email in found}


def _titles(entries: list[AuditEntry]) -> dict[tuple[str, int | None, str], str]:
    """Titles of the documents and events the entries name, read from the cases they belong to."""
    from article3.chronology.models import Event
    from article3.evidence.models import Document

    titles: dict[tuple[str, int | None, str], str] = {}
    for model, label in ((Document, "evidence.document"), (Event, "chronology.event")):
        wanted = {(e.case_id, e.object_key) for e in entries if e.object_type == label}
        if wanted:
            rows = model.objects.filter(case_id__in={c for c, _ in wanted}, key__in={k for _, k in wanted})
            titles.update({(label, row.case_id, row.key): str(getattr(row, "label", "") or row.title)
                           for row in rows})
    return titles


def _about(entry: AuditEntry, people: dict[str, str], titles: dict[tuple[str, int | None, str], str]) -> str:
    if entry.action in ("cases.page.viewed", "portal.page.viewed"):
        return str(PAGES.get(entry.object_key, entry.object_key.replace("_", " ")))
    if entry.object_type in {"cases.casemember", "auth.user"}:
        return people.get(f"user:{entry.object_key}", _("a removed account"))
    title = titles.get((entry.object_type, entry.case_id, entry.object_key))
    if title:
        return title
    kind = entry.object_type.split(".")[-1]
    readable = {"case": _("the case"), "casemember": _("a team member"), "safetyplan": _("the safety plan"),
                "organisation": _("the organisation")}.get(kind, kind.replace("_", " "))
    return readable
