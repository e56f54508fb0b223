"""Writes of the self-help interview: atomic and audited, with the interview as the actor.

The answers go into the same records as the lawyer's intake (applicant, case profile, events,
feared agents, attempts at protection, family, safety plan), so whoever receives the case finds
them where they would have put them.
"""

import datetime
import hashlib
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from article3.accounts.models import Organisation
from article3.audit.services import Actor, audit_record
from article3.cases.models import Applicant, Case, SafetyPlan
from article3.errors import DomainError
from article3.selfhelp.models import Interview

if TYPE_CHECKING:
    from article3.retention import Purged

# No 0/O, 1/I/L: a code copied by hand onto paper and read back must not be misread.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_GROUPS, GROUP_LENGTH = 5, 4  # 20 characters of 31: about 99 bits


def actor_for(interview: Interview) -> str:
    return f"self-help:{interview.pk}"


def code_new() -> str:
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(CODE_GROUPS))
    return "-".join(groups)


def code_normal(typed: str) -> str:
    """The code as typed, with spaces, dashes and case left out."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def code_digest(code: str) -> str:
    return hashlib.sha256(f"article3 self-help|{code_normal(code)}".encode()).hexdigest()


def hosting_organisation() -> Organisation:
    slug = settings.ARTICLE3_SELF_HELP_ORG
    found = Organisation.objects.filter(slug=slug).first() if slug else None
    if found is None:
        raise DomainError("Self-help is not set up on this instance.")
    return found


def _reference(organisation: Organisation) -> str:
    while True:
        reference = "SH-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if not Case.objects.filter(organisation=organisation, reference=reference).exists():
            return reference


@transaction.atomic
def interview_start(*, language: str) -> tuple[Interview, str]:
    """A new case of the hosting organisation and its interview; returns the resume code, shown once."""
    if language not in dict(settings.LANGUAGES):
        raise DomainError("Choose a language from the list.")
    organisation = hosting_organisation()
    case = Case.objects.create(organisation=organisation, reference=_reference(organisation), forum="generic",
                               country_of_return="")
    Applicant.objects.create(case=case, name="", languages=[language], interpreter_language=language)
    SafetyPlan.objects.create(case=case)
    code = code_new()
    try:
        with transaction.atomic():
            interview = Interview.objects.create(case=case, code_digest=code_digest(code), language=language)
    except IntegrityError:  # two codes alike: as likely as guessing one
        raise DomainError("Please try again.") from None
    audit_record(actor=actor_for(interview), action="selfhelp.interview.started", obj=interview,
                 organisation_id=organisation.pk, case_id=case.pk, detail={"language": language})
    return interview, code


def interview_find(*, code: str) -> Interview | None:
    if len(code_normal(code)) != CODE_GROUPS * GROUP_LENGTH:
        return None
    return (Interview.objects.select_related("case").filter(code_digest=code_digest(code),
                                                             handed_over_at__isnull=True).first())


@transaction.atomic
def interview_touch(*, interview: Interview, reached: str = "", language: str = "") -> None:
    changes: dict[str, Any] = {"last_seen_at": timezone.now()}
    if reached:
        changes["reached"] = reached
    if language:
        changes["language"] = language
    Interview.objects.filter(pk=interview.pk).update(**changes)
    for name, value in changes.items():
        setattr(interview, name, value)


def interview_audit(*, interview: Interview, action: str, obj: Any = None, key: str = "") -> None:
    audit_record(actor=actor_for(interview), action=action, obj=obj if obj is not None else interview,
                 object_key=key, organisation_id=interview.case.organisation_id, case_id=interview.case_id)


@transaction.atomic
def interview_hand_over(*, interview: Interview) -> None:
    """The applicant gives the case to the hosting organisation: from now on its admins see it, and the
    resume code no longer opens it (the answers are the organisation's to keep safe)."""
    Interview.objects.filter(pk=interview.pk).update(handed_over_at=timezone.now())
    interview_audit(interview=interview, action="selfhelp.interview.handed_over")


def package_make(*, interview: Interview, recipient: str, folder: Path) -> Path:
    """The case package, encrypted to `recipient` (an age public key): `<reference>.article3.age`."""
    from article3.interchange.exporter import case_export

    case = Case.objects.select_related("organisation").get(pk=interview.case_id)
    out = folder / f"{case.reference}.article3.age"
    case_export(actor=actor_for(interview), case=case, out=out, recipient=recipient)
    return out


def interviews_abandoned(*, days: int, now: datetime.datetime | None = None) -> list[Interview]:
    """Interviews nobody has handed over nor opened for `days` days."""
    since = (now or timezone.now()) - datetime.timedelta(days=days)
    return list(Interview.objects.filter(handed_over_at__isnull=True, last_seen_at__lt=since)
                .select_related("case").order_by("last_seen_at", "pk"))


def interviews_purge(*, actor: Actor, days: int, dry_run: bool = False) -> list["Purged"]:
    """Delete abandoned interviews with their cases, as the retention purge deletes a case: answers
    nobody came back to must not wait on the server forever."""
    from article3.retention import case_purge

    return [case_purge(actor=actor, case=interview.case, dry_run=dry_run)
            for interview in interviews_abandoned(days=days)]
