"""The safety plan as a DOCX, for the applicant and the team (never filed, so nothing is redacted)."""

from __future__ import annotations

import io

from docx import Document as new_docx

from article3.cases.models import Case, SafetyPlan

SECTIONS = (
    ("trusted_contacts", "Trusted contacts"),
    ("emergency_contacts", "In an emergency"),
    ("legal_contacts", "Legal team"),
    ("originals_location", "Where the original documents are kept"),
    ("medical_referrals", "Medical care"),
    ("psychological_referrals", "Psychological support"),
    ("housing_referrals", "Housing"),
    ("organisation_referrals", "Organisations that can help"),
    ("routines", "Safety routines"),
)


def safety_plan_docx(case: Case) -> bytes:
    plan = SafetyPlan.objects.filter(case=case).first() or SafetyPlan(case=case)  # read only: never made here
    document = new_docx()
    document.add_heading("Safety plan", level=0)
    document.add_paragraph(f"Case {case.reference}. Confidential: keep this document safe.")
    for field, label in SECTIONS:
        document.add_heading(label, level=1)
        text = str(getattr(plan, field) or "").strip()
        for line in text.splitlines() or ["Nothing recorded yet."]:
            if line.strip():
                document.add_paragraph(line.strip())
    document.core_properties.author = "Article3"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
