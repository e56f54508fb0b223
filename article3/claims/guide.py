"""Plain words per element: what usually proves it (advice for the team) and what to ask the client.

This is practice guidance, not law: the legal text of each element is in the rule pack, with its
source. The questions are written to be read aloud, through an interpreter, to someone who may be
traumatised: short, concrete, one thing at a time.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ElementGuide:
    evidence: str  # what usually proves it, for the advice of a finding
    questions: tuple[str, ...]  # for the client, in plain language


GUIDE: dict[str, ElementGuide] = {
    "severe_pain_or_suffering": ElementGuide(
        "the applicant's detailed account of the harm, a medical or psychological report, photographs",
        ("What did they do to you? Please tell us step by step.",
         "How did it affect your body and your mind, then and now?",
         "Did you see a doctor, nurse, healer or counsellor afterwards, there or here?"),
    ),
    "intentional_infliction": ElementGuide(
        "what the perpetrators said or did that shows they meant to cause the harm",
        ("Did they hurt you on purpose? What did they say or do that shows this?",),
    ),
    "prohibited_purpose": ElementGuide(
        "what the perpetrators asked or said (questions, demands for a confession, insults about a group)",
        ("Why do you think they did this to you?",
         "What did they ask you, or want from you, while they held or hurt you?"),
    ),
    "official_involvement": ElementGuide(
        "who the perpetrators were (uniforms, ranks, places), documents naming officials, country information "
        "on the same force",
        ("Who did this to you? Were they police, soldiers, officials, or people working with them?",
         "How do you know? What were they wearing, where did they take you, what did they say?",
         "Did any official know what was happening and do nothing?"),
    ),
    "custody_or_control": ElementGuide(
        "where and how the applicant was held: a detention event, a release paper, a witness to the arrest",
        ("Were you held somewhere you could not leave, such as a cell, a camp or a vehicle? Where, and for how "
         "long?",),
    ),
    "not_lawful_sanction": ElementGuide(
        "whether any charge, trial or sentence exists, and court or police papers if they do",
        ("Were you ever charged, put on trial or sentenced by a court? Did you receive any papers?",),
    ),
    "personal_risk": ElementGuide(
        "what singles the applicant out: threats by name, searches and summonses since departure, what happened "
        "to people like them or to family",
        ("Why would they look for you, personally, if you went back?",
         "Has anyone asked about you, come looking for you or threatened your family since you left?",
         "Do you have any messages, summonses or papers about this?"),
    ),
    "past_torture": ElementGuide(
        "the applicant's account with dates and places, medical or psychological findings, witnesses",
        ("Has anyone hurt you badly in the past? When and where did it happen?",),
    ),
    "internal_relocation": ElementGuide(
        "why moving elsewhere in the country would not be safe or reasonable: reach of the perpetrators, "
        "checkpoints, identity checks, family ties",
        ("Could you live safely in another part of your country? Why not?",
         "Did you try to live somewhere else in your country? What happened?"),
    ),
    "state_protection_unavailable": ElementGuide(
        "each attempt to get help at home (police, prosecutor, court, commission) and what followed, or why "
        "trying was futile or dangerous",
        ("Did you or your family ask the police, a court or anyone else in authority for help? What happened?",
         "If you did not ask for help, why not? What did you think would happen?"),
    ),
    "country_conditions": ElementGuide(
        "recent country reports on the treatment of people in the applicant's situation",
        ("Do you know of other people like you who were arrested or hurt? What happened to them?",),
    ),
    "exhaustion_of_domestic_remedies": ElementGuide(
        "the final decision in the removing state and each remedy used (appeal, judicial review), or why a "
        "remaining remedy would be unreasonably prolonged or ineffective",
        ("Have you received any decisions on your protection claim in this country? Please bring every letter "
         "and decision you received.",),
    ),
    "credibility": ElementGuide(
        "consistent dates and places across the declaration, interviews and documents",
        ("Is there anything in your earlier statements or interviews that you want to correct or explain?",),
    ),
}

FALLBACK = ElementGuide("the facts and documents that show it",
                        ("Can you tell us more about this part of your story?",))


def guide(code: str) -> ElementGuide:
    return GUIDE.get(code, FALLBACK)
