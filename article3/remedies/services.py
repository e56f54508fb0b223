"""Writes for an imminent removal, the organisation's alarm threshold and urgent requests: atomic, audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from article3.accounts.models import Organisation, Role
from article3.accounts.selectors import actor_has_org_role
from article3.audit.services import Actor, audit_record
from article3.cases.models import Case
from article3.deadlines import services as deadlines
from article3.deadlines.models import Compliance, InterimKind, InterimRequest, Origin
from article3.docs.models import GeneratedDocument
from article3.errors import DomainError, NotPermitted
from article3.remedies.models import (
    CATEGORY_ELEMENT,
    AdverseFinding,
    AlarmThreshold,
    ConditionKind,
    FindingCategory,
    GrantCondition,
    Removal,
)
from article3.rulepacks import EmergencyOption, load_pack
from article3.rulepacks.model import normal_identifier
from article3.versioning import versioned_update

REMOVAL_FIELDS = ("removal_date", "removal_time", "detention_place", "transfer_risk", "identifier",
                  "contact_arrangements")
MAX_ALARM_DAYS = 365
# The kind of interim request each emergency option becomes once drafted.
INTERIM_KIND = {"rule39": InterimKind.ECHR_RULE39, "cat_rule114": InterimKind.UNCAT}


def _audit(actor: Actor, action: str, case: Case, obj: Any, **detail: Any) -> None:
    audit_record(actor=actor, action=action, obj=obj, object_key=getattr(obj, "key", ""),
                 organisation_id=case.organisation_id, case_id=case.pk, detail=detail)


class IdentifierFormatError(DomainError):
    """The applicant's number does not have the form the forum's rule pack gives."""


def identifier_check(*, forum: str, value: str) -> str:
    """The identifier as stored, or a DomainError naming the format the forum's rule pack expects."""
    text = value.strip()
    if not text:
        return ""
    found = load_pack(forum).emergency.identifier
    if found is None or found.pattern is None:
        return text
    if not found.matches(text):
        values = {"label": found.label, "example": found.example}
        raise IdentifierFormatError(
            _("This is not in the format of the %(label)s: expected something like %(example)s.") % values
            if found.source.verified else
            _("This is not in the format of the %(label)s: expected something like %(example)s (this format is not "
              "yet confirmed in an official text).") % values)
    return normal_identifier(text)


@transaction.atomic
def removal_set(*, actor: Actor, case: Case, expected_version: int | None = None,
                changes: dict[str, Any]) -> Removal:
    """Record the removal (or change it, from the version the editor started from)."""
    unknown = set(changes) - set(REMOVAL_FIELDS)
    if unknown:
        raise DomainError(_("Only the removal's date, time, place, risk, identifier and contacts can be set."))
    if "identifier" in changes:
        changes["identifier"] = identifier_check(forum=case.forum, value=str(changes["identifier"] or ""))
    existing = Removal.objects.filter(case=case).first()
    if existing is None:
        if not changes.get("removal_date"):
            raise DomainError(_("Give the date of the removal."))
        removal = Removal(case=case, **changes)
        removal.full_clean()
        removal.save()
        _audit(actor, "remedies.removal.recorded", case, removal, fields=sorted(changes))
        return removal
    version = existing.version if expected_version is None else expected_version
    removal = versioned_update(existing, expected_version=version, changes=changes)
    _audit(actor, "remedies.removal.updated", case, removal, fields=sorted(changes))
    return removal


@transaction.atomic
def removal_delete(*, actor: Actor, removal: Removal) -> None:
    _audit(actor, "remedies.removal.deleted", removal.case, removal)
    removal.delete()


@transaction.atomic
def alarm_threshold_set(*, actor: Actor, organisation: Organisation, days: int) -> AlarmThreshold:
    if not actor_has_org_role(actor=actor, organisation_id=organisation.pk, roles=frozenset({Role.ADMIN})):
        raise NotPermitted(_("Only an organisation admin can change when removals raise the alarm."))
    if not 0 < days <= MAX_ALARM_DAYS:
        raise DomainError(_("Give a number of days from 1 to %(max)d.") % {"max": MAX_ALARM_DAYS})
    threshold, _created = AlarmThreshold.objects.update_or_create(organisation=organisation, defaults={"days": days})
    audit_record(actor=actor, action="remedies.alarm_threshold.set", obj=threshold, organisation_id=organisation.pk,
                 detail={"days": days})
    return threshold


def option_for(*, case: Case, kind: str) -> EmergencyOption:
    option = load_pack(case.forum).emergency.option(kind)
    if option is None:
        raise DomainError(_("This urgent step is not offered for the case's forum."))
    return option


@transaction.atomic
def urgent_draft(*, actor: Actor, case: Case, kind: str, state_party: str = "") -> tuple[GeneratedDocument,
                                                                                            InterimRequest]:
    """Queue the draft for one emergency option, filled from the removal, and track it as an interim request."""
    from article3.docs.services import generated_request

    option = option_for(case=case, kind=kind)
    if option.document is None:
        raise DomainError(_("Article3 has no draft for this step yet: follow its checklist."))
    removal = Removal.objects.filter(case=case).first()
    options = {"state_party": state_party}
    if removal is not None:
        options["removal_date"] = removal.removal_date.isoformat()
        options["removal_details"] = removal_words(removal)
    generated = generated_request(actor=actor, case=case, kind=option.document, options=options)
    interim = deadlines.interim_request_add(actor=actor, case=case, kind=INTERIM_KIND.get(kind, InterimKind.STAY),
                                            addressed_to=option.label[:200], note="")
    InterimRequest.objects.filter(pk=interim.pk).update(option=kind)
    interim.refresh_from_db()
    _audit(actor, "remedies.urgent.drafted", case, interim, option=kind, document=generated.pk)
    return generated, interim


def removal_words(removal: Removal) -> str:
    """Time and place of the removal, as a draft states them (no identifiers: those go in their own field)."""
    parts = []
    if removal.removal_time is not None:
        parts.append(f"at {removal.removal_time:%H:%M}")
    if removal.detention_place:
        parts.append(f"from detention at {removal.detention_place}")
    return ", ".join(parts)


@transaction.atomic
def compliance_set(*, actor: Actor, interim: InterimRequest, compliance: str) -> InterimRequest:
    """Log whether the State respected the measure."""
    if compliance not in Compliance.values:
        raise DomainError(_("Choose whether the State complied from the list."))
    InterimRequest.objects.filter(pk=interim.pk).update(compliance=compliance, version=interim.version + 1)
    interim.refresh_from_db()
    _audit(actor, "remedies.compliance.logged", interim.case, interim, compliance=compliance or "not_recorded")
    return interim


# --- from a denial to a remedy ----------------------------------------------------------------

FINDING_FIELDS = ("decision", "page", "paragraph", "category", "element", "finding", "answer")


def _finding_check(case: Case, changes: dict[str, Any]) -> None:
    from article3.evidence.models import DocumentKind

    decision = changes.get("decision")
    if decision is not None and (decision.case_id != case.pk or decision.kind != DocumentKind.DECISION):
        raise DomainError(_("Choose the decision from this case's evidence (uploaded as a decision)."))
    if "category" in changes and changes["category"] not in FindingCategory.values:
        raise DomainError(_("Choose the kind of finding from the list."))
    element = changes.get("element") or ""
    if element and element not in {e.code for e in load_pack(case.forum).elements}:
        raise DomainError(_("Choose an element of the case's forum."))


@transaction.atomic
def finding_add(*, actor: Actor, case: Case, **fields: Any) -> AdverseFinding:
    from article3.cases.services import unique_key

    _finding_check(case, fields)
    if not fields.get("element"):
        fields["element"] = CATEGORY_ELEMENT.get(fields["category"], "")
    if not str(fields.get("finding") or "").strip():
        raise DomainError(_("Say what the decision found."))
    key = unique_key(existing=case.adverse_findings.values_list("key", flat=True), prefix="af")
    finding = AdverseFinding(case=case, key=key, **fields)
    finding.full_clean()
    finding.save()
    _audit(actor, "remedies.finding.added", case, finding, category=finding.category)
    return finding


@transaction.atomic
def finding_update(*, actor: Actor, finding: AdverseFinding, expected_version: int,
                   changes: dict[str, Any]) -> AdverseFinding:
    _finding_check(finding.case, changes)
    updated = versioned_update(finding, expected_version=expected_version, changes=changes)
    _audit(actor, "remedies.finding.updated", finding.case, updated, fields=sorted(changes))
    return updated


@transaction.atomic
def finding_delete(*, actor: Actor, finding: AdverseFinding) -> None:
    _audit(actor, "remedies.finding.deleted", finding.case, finding)
    finding.delete()


# --- after a grant ----------------------------------------------------------------------------

CONDITION_CITATION = "A condition of the grant, as recorded by the team"


def _condition_deadline(condition: GrantCondition) -> dict[str, Any]:
    return {"rule": f"grant_{condition.kind}", "label": f"{condition.get_kind_display()} (condition of the grant)",
            "forum": condition.case.forum, "trigger": "grant_condition", "due": condition.due,
            "citation": CONDITION_CITATION, "verified": False, "note": condition.details, "origin": Origin.RECORDED}


@transaction.atomic
def condition_add(*, actor: Actor, case: Case, kind: str, due: Any, details: str = "") -> GrantCondition:
    """Record a condition of a grant and the deadline that reminds the team of it."""
    from article3.deadlines.models import Deadline

    if kind not in ConditionKind.values:
        raise DomainError(_("Choose the kind of condition from the list."))
    condition = GrantCondition(case=case, kind=kind, due=due, details=details)
    condition.full_clean()
    condition.save()
    condition.deadline = Deadline.objects.create(case=case, trigger_date=timezone.localdate(),
                                                 **_condition_deadline(condition))
    condition.save(update_fields=["deadline"])
    _audit(actor, "remedies.condition.added", case, condition, kind=kind)
    return condition


@transaction.atomic
def condition_update(*, actor: Actor, condition: GrantCondition, expected_version: int,
                     changes: dict[str, Any]) -> GrantCondition:
    from article3.deadlines.models import Deadline

    if "kind" in changes and changes["kind"] not in ConditionKind.values:
        raise DomainError(_("Choose the kind of condition from the list."))
    updated = versioned_update(condition, expected_version=expected_version, changes=changes)
    if updated.deadline_id is not None:
        Deadline.objects.filter(pk=updated.deadline_id).update(**_condition_deadline(updated))
    _audit(actor, "remedies.condition.updated", updated.case, updated, fields=sorted(changes))
    return updated


@transaction.atomic
def condition_delete(*, actor: Actor, condition: GrantCondition) -> None:
    from article3.deadlines.models import Deadline

    _audit(actor, "remedies.condition.deleted", condition.case, condition, kind=condition.kind)
    if condition.deadline_id is not None:
        Deadline.objects.filter(pk=condition.deadline_id, done_at__isnull=True).delete()
    condition.delete()
