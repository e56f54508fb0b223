"""What to fix before filing, listed before a build (a build still works): the gap report's
findings about translations, certificates and stale reports."""

from article3.cases.models import Case
from article3.findings import Finding

BUNDLE_CODES = frozenset({
    "translation_missing", "translation_uncertified", "translation_outdated", "evidence_stale", "coi_dated",
})


def bundle_warnings(*, case: Case) -> list[Finding]:
    from django.utils import timezone

    from article3.claims.report import case_evidence_findings

    return [f for f in case_evidence_findings(case=case, today=timezone.localdate()) if f.code in BUNDLE_CODES]
