"""The hearing logistics checklist for the case's forum.

Items that rest on the rule pack carry its source (and show "unverified" where the pack does): the
filings due before the hearing (each deadline rule counting back from it, with the due date the
deadline engine computed for this case, when it has), the certificate of service and the
translators' certificates the bundle profile requires. The other items are practice, not law, and
say so: no rule is cited for them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from article3.audit.services import Actor, audit_record
from article3.cases.models import Case
from article3.errors import DomainError
from article3.hearing.models import LogisticsTick
from article3.rulepacks.model import Source

PRACTICE = (
    ("interpreter", gettext_lazy("Interpreter booked for the applicant's language and dialect{language}")),
    ("remote_link", gettext_lazy("Remote hearing link received and tested, where anyone attends remotely")),
    ("witnesses", gettext_lazy("Every witness confirmed available (see Witnesses)")),
    ("originals", gettext_lazy("Original documents gathered to bring to the hearing")),
    ("addenda", gettext_lazy("Medical and expert reports brought up to date, with addenda where needed")),
)
SOON_DAYS = 30  # the cockpit lists open items from this many days before the hearing


@dataclass(frozen=True)
class Item:
    code: str
    label: str
    source: Source | None  # None: practice, no rule cited
    due: datetime.date | None = None
    done: bool = False


def checklist(*, case: Case) -> list[Item]:
    from article3.deadlines.options import pack_or_none

    ticked = set(case.logistics_ticks.values_list("item", flat=True))
    items: list[Item] = []
    pack = pack_or_none(case.forum)
    if pack is not None:
        due = {d.rule: d.due for d in case.deadlines.all() if d.due}
        seen: set[str] = set()
        for rule in pack.deadlines:
            if rule.direction == "before" and rule.id not in seen and rule.applies(detained=case.detained):
                seen.add(rule.id)
                label = _("Filed and served: %(rule)s") % {"rule": rule.label}
                items.append(Item(f"rule:{rule.id}", label, rule.source, due.get(rule.id)))
        bundle = pack.bundle
        if bundle.certificate_of_service_required:
            items.append(Item("certificate_of_service", _("Certificate of service in the bundle"),
                              bundle.source("certificate_of_service_required")))
        if bundle.translation_certificate_required:
            items.append(Item("translation_certificates", _("A translator's certificate with every translation"),
                              bundle.source("translation_certificate_required")))
    language = case.applicant.interpreter_language
    items += [Item(code, label.format(language=f" ({language})" if language else ""), None)
              for code, label in PRACTICE]
    return [Item(i.code, i.label, i.source, i.due, i.code in ticked) for i in items]


def open_items_soon(*, case: Case, today: datetime.date | None = None) -> list[Item]:
    """Open items while the hearing is near (within SOON_DAYS, and not past): for the case's cockpit."""
    today = today or timezone.localdate()
    if case.hearing_date is None or not 0 <= (case.hearing_date - today).days <= SOON_DAYS:
        return []
    return [item for item in checklist(case=case) if not item.done]


@transaction.atomic
def item_tick(*, actor: Actor, case: Case, code: str, done: bool) -> None:
    if code not in {item.code for item in checklist(case=case)}:
        raise DomainError(_("That item is not on this forum's checklist; reload the page."))
    if done:
        if not LogisticsTick.objects.get_or_create(case=case, item=code)[1]:
            return
    elif not LogisticsTick.objects.filter(case=case, item=code).delete()[0]:
        return
    audit_record(actor=actor, action=f"hearing.logistics.{'ticked' if done else 'unticked'}", object_key=code,
                 organisation_id=case.organisation_id, case_id=case.pk)
