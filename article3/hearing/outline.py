"""The direct-examination outline: a topic per element of the forum, in the order the tribunal weighs
them, with the facts to bring out, the exhibits that show them (bundle pages) and the witnesses.

The lawyer starts it from the record, then edits, reorders, adds and deletes topics; the exhibits are
read afresh from the facts' support and the last bundle build each time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from article3.audit.services import Actor, audit_record
from article3.cases.models import Case
from article3.errors import DomainError
from article3.hearing.models import OutlineItem
from article3.hearing.questions import Namer, Pinpoint, last_page_map, support_pins
from article3.versioning import versioned_update

EDITABLE = ("title", "elicit", "witnesses")


@dataclass(frozen=True)
class Topic:
    item: OutlineItem
    label: str  # the element's name, or "" for a topic of the lawyer's own
    exhibits: tuple[Pinpoint, ...]


def _audit(actor: Actor, action: str, case: Case, item: OutlineItem) -> None:
    audit_record(actor=actor, action=action, obj=item, object_key=str(item.pk),
                 organisation_id=case.organisation_id, case_id=case.pk)


def outline(*, case: Case) -> list[Topic]:
    """The outline as it stands, each element's topic with the exhibits its facts rest on."""
    from article3.chronology.selectors import chronology_snapshot
    from article3.claims.selectors import claims_snapshot

    rows = {row.element.code: row for row in claims_snapshot(case=case).rows}
    namer = Namer(chronology_snapshot(case=case).documents.values(), last_page_map(case))
    topics = []
    for item in OutlineItem.objects.filter(case=case):
        row = rows.get(item.element)
        pins = tuple(dict.fromkeys(support_pins(row, namer))) if row is not None else ()
        topics.append(Topic(item=item, label=row.element.label if row is not None else "", exhibits=pins))
    return topics


def _next_position(case: Case) -> int:
    return int(OutlineItem.objects.filter(case=case).aggregate(top=Max("position"))["top"] or 0) + 1


@transaction.atomic
def outline_start(*, actor: Actor, case: Case) -> int:
    """A topic for each element of the forum not yet in the outline, in the pack's order, with its facts."""
    from article3.claims.selectors import claims_snapshot

    present = set(OutlineItem.objects.filter(case=case).values_list("element", flat=True))
    position = _next_position(case)
    added = 0
    for row in claims_snapshot(case=case).rows:
        if row.element.code in present:
            continue
        elicit = "\n".join(fact.text.strip() for fact in row.facts if fact.text.strip())
        item = OutlineItem.objects.create(case=case, element=row.element.code, title=row.element.label,
                                          elicit=elicit, position=position)
        _audit(actor, "hearing.outline.added", case, item)
        position, added = position + 1, added + 1
    return added


def _clean(fields: dict[str, Any]) -> dict[str, str]:
    cleaned = {k: str(fields.get(k, "")).strip() for k in EDITABLE}
    if not cleaned["title"]:
        raise DomainError(_("Give the topic a title."))
    return cleaned


@transaction.atomic
def outline_item_add(*, actor: Actor, case: Case, **fields: Any) -> OutlineItem:
    item = OutlineItem.objects.create(case=case, position=_next_position(case), **_clean(fields))
    _audit(actor, "hearing.outline.added", case, item)
    return item


@transaction.atomic
def outline_item_update(*, actor: Actor, item: OutlineItem, expected_version: int, **fields: Any) -> OutlineItem:
    updated = versioned_update(item, expected_version=expected_version, changes=_clean(fields))
    _audit(actor, "hearing.outline.updated", item.case, updated)
    return updated


@transaction.atomic
def outline_item_delete(*, actor: Actor, item: OutlineItem) -> None:
    _audit(actor, "hearing.outline.deleted", item.case, item)
    item.delete()


@transaction.atomic
def outline_item_move(*, actor: Actor, item: OutlineItem, up: bool) -> None:
    """Swap the topic with the one before (up) or after it; at either end nothing moves."""
    items = list(OutlineItem.objects.select_for_update().filter(case=item.case))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, row in enumerate(items, start=1):
        if row.position != position:
            OutlineItem.objects.filter(pk=row.pk).update(position=position, version=row.version + 1)
    _audit(actor, "hearing.outline.moved", item.case, item)
