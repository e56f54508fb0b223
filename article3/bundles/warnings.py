"""What to fix before filing, listed before a build (a build still works): the gap report's
findings about translations, certificates and stale reports."""

from article3.cases.models import Case
from article3.findings import Finding

BUNDLE_CODES = frozenset({
    "translation_missing", "translation_uncertified", "translation_outdated", "evidence_stale", "coi_dated",
})


def bundle_warnings(*, case: Case) -> list[Finding]:
    from django.utils import timezone

    from article3.claims.evidence_checks import evidence_context, evidence_findings
    from article3.rulepacks import load_pack

    context = evidence_context(case=case, pack=load_pack(case.forum), today=timezone.localdate())
    return [f for f in evidence_findings(context) if f.code in BUNDLE_CODES]
