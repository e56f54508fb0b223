"""What can follow a decision: which pack triggers are decisions, which triggers a final
decision also starts, and which kind of next step (appeal, judicial review, motion...) each
rule is.

The law itself stays in the rule packs; this module only sorts what the packs say.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from article3.rulepacks import DeadlineRule, RulePack, RulePackError, Trigger, load_pack

# A decision marked final also starts these triggers on the same date. From the packs' own
# notes: the us-eoir `bia_decision` note says to compute the petition for review from
# `final_order` when the BIA decision is a final order of removal; an immigration judge's
# decision that nobody appeals (appeal waived) is the final administrative order.
FOLLOW_ON_WHEN_FINAL: dict[tuple[str, str], tuple[str, ...]] = {
    ("us-eoir", "bia_decision"): ("final_order",),
    ("us-eoir", "ij_decision"): ("ij_final_order",),
}

# Events that start deadlines but are not decisions (so the decision form does not offer them).
NOT_DECISIONS = frozenset({"departure_from_uk", "prra_notification", "prra_application_filed"})


@dataclass(frozen=True)
class OptionKind:
    code: str
    label: str | Promise
    matches: tuple[str, ...]  # parts of a rule id that put it in this kind (first kind wins)


# In display order; a rule goes to the first kind that matches when read in MATCH_ORDER.
KINDS = (
    OptionKind("appeal", _("Appeal"), ("appeal", "permission", "rad_")),
    OptionKind("judicial_review", _("Judicial review"), ("petition_for_review", "fc_leave", "judicial")),
    OptionKind("motion", _("Motion to reopen or reconsider"), ("reopen", "reconsider")),
    OptionKind("new_evidence", _("New application with new evidence"), ("changed_country_conditions",)),
    OptionKind("international", _("International complaint"), ("application", "communication")),
    OptionKind("interim", _("Interim relief"), ("rule39", "interim")),
    OptionKind("filing", _("Filing"), ()),
)
MATCH_ORDER = ("interim", "new_evidence", "motion", "judicial_review", "appeal", "international")
_BY_CODE = {kind.code: kind for kind in KINDS}


def option_kind(rule: str) -> OptionKind:
    """The kind of next step a rule id stands for (`Filing` when none fits)."""
    for code in MATCH_ORDER:
        kind = _BY_CODE[code]
        if any(part in rule for part in kind.matches):
            return kind
    return _BY_CODE["filing"]


def pack_or_none(forum: str) -> RulePack | None:
    try:
        return load_pack(forum)
    except RulePackError:
        return None


def _counts_back_from_hearing(pack: RulePack, trigger: Trigger) -> bool:
    rules = [rule for rule in pack.deadlines if rule.id in trigger.rules]
    return any(rule.direction == "before" for rule in rules)


# The hearing a case's hearing date stands for, where the pack counts back from more than one:
# the merits hearing (a master calendar hearing is a scheduling hearing before it).
CASE_HEARING: dict[str, str] = {"us-eoir": "individual_hearing"}


def case_hearing_trigger(forum: str) -> Trigger | None:
    """The trigger whose deadlines count back from the case's hearing date: the one the forum names
    in CASE_HEARING, or the pack's only trigger counted back from a hearing; None if neither."""
    pack = pack_or_none(forum)
    if pack is None:
        return None
    found = [t for t in pack.triggers if _counts_back_from_hearing(pack, t)]
    named = [t for t in found if t.id == CASE_HEARING.get(forum)]
    return named[0] if named else found[0] if len(found) == 1 else None


def decision_triggers(forum: str) -> list[Trigger]:
    """The pack's triggers that a decision can start (not hearings, not departures)."""
    pack = pack_or_none(forum)
    if pack is None:
        return []
    return [t for t in pack.triggers if t.id not in NOT_DECISIONS and not _counts_back_from_hearing(pack, t)]


def all_triggers(forum: str) -> list[Trigger]:
    pack = pack_or_none(forum)
    return [] if pack is None else list(pack.triggers)


def trigger_of(forum: str, trigger: str) -> Trigger | None:
    return next((t for t in all_triggers(forum) if t.id == trigger), None)


def follow_on(forum: str, trigger: str, *, final: bool) -> tuple[str, ...]:
    return FOLLOW_ON_WHEN_FINAL.get((forum, trigger), ()) if final else ()


def changed_conditions_rules(forum: str) -> list[DeadlineRule]:
    """The pack's rules for reopening on changed country conditions (none for most forums)."""
    pack = pack_or_none(forum)
    if pack is None:
        return []
    return [rule for rule in pack.deadlines if option_kind(rule.id).code == "new_evidence"]
