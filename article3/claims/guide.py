"""Plain words per element: what usually proves it (advice for the team). What to ask the client
about each element is in article3/portal/questions.py, in the client's language.

This is practice guidance, not law: the legal text of each element is in the rule pack, with its
source.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ElementGuide:
    evidence: str | Promise  # what usually proves it, for the advice of a finding


GUIDE: dict[str, ElementGuide] = {
    "severe_pain_or_suffering": ElementGuide(
        _("the applicant's detailed account of the harm, a medical or psychological report, photographs"),
    ),
    "intentional_infliction": ElementGuide(
        _("what the perpetrators said or did that shows they meant to cause the harm"),
    ),
    "prohibited_purpose": ElementGuide(
        _("what the perpetrators asked or said (questions, demands for a confession, insults about a group)"),
    ),
    "official_involvement": ElementGuide(
        _("who the perpetrators were (uniforms, ranks, places), documents naming officials, country information "
          "on the same force"),
    ),
    "custody_or_control": ElementGuide(
        _("where and how the applicant was held: a detention event, a release paper, a witness to the arrest"),
    ),
    "not_lawful_sanction": ElementGuide(
        _("whether any charge, trial or sentence exists, and court or police papers if they do"),
    ),
    "personal_risk": ElementGuide(
        _("what singles the applicant out: threats by name, searches and summonses since departure, what happened "
          "to people like them or to family"),
    ),
    "past_torture": ElementGuide(
        _("the applicant's account with dates and places, medical or psychological findings, witnesses"),
    ),
    "internal_relocation": ElementGuide(
        _("why moving elsewhere in the country would not be safe or reasonable: reach of the perpetrators, "
          "checkpoints, identity checks, family ties"),
    ),
    "state_protection_unavailable": ElementGuide(
        _("each attempt to get help at home (police, prosecutor, court, commission) and what followed, or why "
          "trying was futile or dangerous"),
    ),
    "country_conditions": ElementGuide(
        _("recent country reports on the treatment of people in the applicant's situation"),
    ),
    "exhaustion_of_domestic_remedies": ElementGuide(
        _("the final decision in the removing state and each remedy used (appeal, judicial review), or why a "
          "remaining remedy would be unreasonably prolonged or ineffective"),
    ),
    "credibility": ElementGuide(
        _("consistent dates and places across the declaration, interviews and documents"),
    ),
}

FALLBACK = ElementGuide(_("the facts and documents that show it"))


def guide(code: str) -> ElementGuide:
    return GUIDE.get(code, FALLBACK)
