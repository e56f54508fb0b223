"""The safety plan as the client reads it: one list of sections, in the client's language, for the
portal, the lawyer's printout and the Word document."""

from __future__ import annotations

import io

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from article3.cases.models import Case, SafetyPlan

SECTIONS: tuple[tuple[str, Promise], ...] = (
    ("trusted_contacts", gettext_lazy("People you trust")),
    ("emergency_contacts", gettext_lazy("Who to call in an emergency")),
    ("legal_contacts", gettext_lazy("Your legal team")),
    ("originals_location", gettext_lazy("Where your original documents are kept")),
    ("medical_referrals", gettext_lazy("Help for your health")),
    ("psychological_referrals", gettext_lazy("Help with feelings and stress")),
    ("housing_referrals", gettext_lazy("A place to stay")),
    ("organisation_referrals", gettext_lazy("Organisations that can help")),
    ("routines", gettext_lazy("Staying safe day to day")),
)


def sections(plan: SafetyPlan | None) -> list[tuple[str, str]]:
    """(label, what the team wrote) for each section, in the active language."""
    return [(str(label), str(getattr(plan, field, "") or "").strip()) for field, label in SECTIONS]


def client_language(case: Case) -> str:
    """The language the applicant reads (the one their interpreter speaks), as a code, or ""."""
    from article3.interpreters.languages import canonical

    applicant = getattr(case, "applicant", None)
    return canonical(applicant.interpreter_language) if applicant is not None else ""


def safety_plan_docx(case: Case) -> bytes:
    """The safety plan as a Word document in the active language, to print or send to the client
    (never filed, so nothing is redacted)."""
    from docx import Document as new_docx

    plan = SafetyPlan.objects.filter(case=case).first()  # read only: never made here
    document = new_docx()
    document.add_heading(_("Your safety plan"), level=0)
    document.add_paragraph(_("Keep this page somewhere safe. It names people who may be at risk."))
    for label, text in sections(plan):
        document.add_heading(label, level=1)
        for line in [line.strip() for line in text.splitlines() if line.strip()] or ["—"]:
            document.add_paragraph(line)
    document.core_properties.author = "Article3"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
