"""Gap checks on the element matrix: elements without facts, facts with only the applicant's word,
personal risk resting on general country information, domestic remedies, and the forum's own checks.

Each check returns findings that name the objects involved by their keys (element codes for
elements) and say what to do. What is fine produces nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.utils.translation import gettext as _

from article3.chronology.models import Event, EventKind
from article3.claims.guide import guide
from article3.claims.selectors import ClaimsSnapshot, ElementRow
from article3.claims.sources import IP_CITATION, IP_LEVELS, has_official_actor
from article3.findings import Finding, Severity

Check = Callable[[ClaimsSnapshot], Iterator[Finding]]


def _name(row: ElementRow) -> str:
    # The element's name only: its code is in the finding's refs, for scripts.
    if row.element.source.verified:
        return _("“%(element)s”") % {"element": row.element.label}
    return _("“%(element)s” (unverified)") % {"element": row.element.label}


def _severity(row: ElementRow, *, element: Severity, factor: Severity) -> Severity:
    """Elements and admissibility conditions decide the case; factors weigh in it."""
    return element if row.element.role in ("element", "admissibility") else factor


def _fact_keys(row: ElementRow) -> tuple[str, ...]:
    return tuple(fact.key for fact in row.facts)


def _claimed(row: ElementRow) -> dict[str, str]:
    return {"element": _name(row), "facts": ", ".join(_fact_keys(row))}


def element_findings(snapshot: ClaimsSnapshot) -> Iterator[Finding]:
    """Elements with no fact at all, and elements resting only on the applicant's own word."""
    for row in snapshot.rows:
        if row.element.role == "cross_cutting":
            continue  # credibility runs through everything; the chronology checks cover it
        if row.status == "unsupported":
            yield Finding(
                code="element_unsupported", severity=_severity(row, element="high", factor="low"),
                message=_("No fact supports %(element)s.") % {"element": _name(row)},
                advice=_("Add a fact for it and link the support: usually %(evidence)s.")
                % {"evidence": guide(row.element.code).evidence},
                refs=(row.element.code,),
            )
        elif row.status == "uncorroborated":
            yield _uncorroborated(row)


def _uncorroborated(row: ElementRow) -> Finding:
    facts = _fact_keys(row)
    unsupported = [fact.key for fact in row.facts if not fact.support.all()]
    told = _("%(element)s rests only on the applicant's own testimony (facts %(facts)s).")
    if len(unsupported) == len(facts):
        told = _("%(element)s has facts, but none of them is linked to any support yet (facts %(facts)s).")
    return Finding(
        code="element_uncorroborated", severity=_severity(row, element="medium", factor="low"),
        message=told % {"element": _name(row), "facts": ", ".join(facts)},
        advice=_("Look for corroboration: a witness, a document, a medical or expert report, or country "
                 "information; usually %(evidence)s. If none can be had, say why in the declaration.")
        % {"evidence": guide(row.element.code).evidence},
        refs=(row.element.code, *facts, *(item.key for item in row.items)),
    )


def fact_findings(snapshot: ClaimsSnapshot) -> Iterator[Finding]:
    """Facts with nothing behind them, and facts linked to no element."""
    for fact in snapshot.facts:
        if not fact.support.all():
            yield Finding(
                code="fact_unsupported", severity="medium",
                message=_("Fact %(fact)s is not linked to any event, document, passage or testimony.")
                % {"fact": fact.key},
                advice=_("Open the fact and add what it rests on, or delete it if nothing does."),
                refs=(fact.key,),
            )
        if not fact.elements:
            yield Finding(
                code="fact_unlinked", severity="low",
                message=_("Fact %(fact)s is not linked to any legal element, so the matrix does not count it.")
                % {"fact": fact.key},
                advice=_("Edit the fact and tick the elements it helps prove."),
                refs=(fact.key,),
            )


def coi_generic_only(snapshot: ClaimsSnapshot) -> Iterator[Finding]:
    """Personal risk corroborated by nothing but general country evidence."""
    row = snapshot.row("personal_risk")
    if row is None or row.status != "generic":
        return  # no corroboration at all is element_uncorroborated; specific corroboration is fine
    message = _("%(element)s rests only on general country evidence: country information or expert opinions that "
                "do not speak of this applicant. Nothing shows the applicant, personally, would be at risk.")
    if "applicant" in row.classes:
        message = _("%(element)s rests only on general country evidence and the applicant's own word: country "
                    "information or expert opinions that do not speak of this applicant. Nothing shows the "
                    "applicant, personally, would be at risk.")
    yield Finding(
        code="coi_generic_only", severity="high",
        message=message % {"element": _name(row)},
        advice=_("Connect the general picture to the applicant: threats by name, summonses or searches since "
                 "departure, what happened to family or people in the same position, or an expert opinion that "
                 "addresses this applicant's circumstances."),
        refs=(row.element.code, *_fact_keys(row), *(item.key for item in row.independent)),
    )


def medical_finding_not_consistent(snapshot: ClaimsSnapshot) -> Iterator[Finding]:
    """A medical finding "not consistent with" the event a fact rests on: contrary evidence, on each element."""
    meaning = IP_LEVELS["not_consistent"].meaning
    for row in snapshot.rows:
        for item in row.contrary:
            yield Finding(
                code="medical_finding_not_consistent", severity="high",
                message=_("Finding %(number)s of %(document)s (%(key)s) is “not consistent with” the ill-treatment "
                          "it is linked to: %(meaning)s (%(citation)s). It is evidence against %(element)s, not "
                          "corroboration of it.") % {
                    "number": item.finding_number, "document": item.label, "key": item.key, "meaning": meaning,
                    "citation": IP_CITATION, "element": _name(row)},
                advice=_("Go through the finding with the examiner: whether it was linked to the right event, and "
                         "whether another finding or another event explains it. If it stands, deal with it openly "
                         "in the declaration and the brief, and do not cite it as corroboration."),
                refs=(row.element.code, item.key, item.finding, *_facts_citing(snapshot, row, item.finding)),
            )


def _facts_citing(snapshot: ClaimsSnapshot, row: ElementRow, finding: str) -> tuple[str, ...]:
    by_support = snapshot.items_by_support
    return tuple(fact.key for fact in row.facts
                 if any(item.finding == finding for s in fact.support.all() for item in by_support[s.pk]))


def domestic_remedies_unexplained(snapshot: ClaimsSnapshot) -> Iterator[Finding]:
    """State protection claimed, yet no attempt recorded and no reason given for not trying."""
    row = snapshot.row("state_protection_unavailable")
    case = snapshot.case
    if row is None or not row.facts or case.domestic_remedies.exists() or case.no_remedy_reason.strip():
        return
    yield Finding(
        code="domestic_remedies_unexplained", severity=_severity(row, element="high", factor="medium"),
        message=_("%(element)s is claimed (facts %(facts)s), but no attempt to get protection at home is recorded, "
                  "and no reason is given for not trying.") % _claimed(row),
        advice=_("Record each attempt (intake, “Attempts to seek protection”: body, date, outcome, what followed), "
                 "or write in the case profile why seeking protection was futile or dangerous."),
        refs=(row.element.code, *_fact_keys(row)),
    )


def _events(row: ElementRow) -> list[Event]:
    return [s.event for fact in row.facts for s in fact.support.all() if s.event is not None]


def acquiescence_unsupported(snapshot: ClaimsSnapshot) -> Iterator[Finding]:
    """US: official involvement claimed with nothing showing officials took part, knew or looked away."""
    row = snapshot.row("official_involvement")
    if row is None or not row.facts or row.independent:
        return
    if any(has_official_actor(event) for event in _events(row)):
        return
    yield Finding(
        code="acquiescence_unsupported", severity="high",
        message=_("%(element)s is claimed (facts %(facts)s), but no supporting event names an official actor and no "
                  "document or country information shows that officials took part, were aware beforehand, or were "
                  "willfully blind.") % _claimed(row),
        advice=_("Mark the official actors on the events (the chronology's actors, “(official)”), and add evidence "
                 "of awareness or willful blindness: complaints that went unanswered, country information on "
                 "officials tolerating this kind of harm, or an expert opinion."),
        refs=(row.element.code, *_fact_keys(row)),
    )


def custody_unsupported(snapshot: ClaimsSnapshot) -> Iterator[Finding]:
    """US: custody or physical control claimed without a detention event or any other source."""
    row = snapshot.row("custody_or_control")
    if row is None or not row.facts or row.independent:
        return
    if any(event.kind == EventKind.DETENTION for event in _events(row)):
        return
    yield Finding(
        code="custody_unsupported", severity="high",
        message=_("%(element)s is claimed (facts %(facts)s), but no detention event and no document or other "
                  "source shows the applicant was, or would be, in the perpetrators' custody or physical control.")
        % _claimed(row),
        advice=_("Link the fact to the detention in the chronology (kind “detention”: where, how long, by whom), "
                 "and look for a release paper, a summons, a witness to the arrest or country information on "
                 "detention of people like the applicant."),
        refs=(row.element.code, *_fact_keys(row)),
    )


COMMON_CHECKS: tuple[Check, ...] = (element_findings, fact_findings, coi_generic_only, medical_finding_not_consistent,
                                    domestic_remedies_unexplained)
FORUM_CHECKS: dict[str, tuple[Check, ...]] = {"us-eoir": (acquiescence_unsupported, custody_unsupported)}


def matrix_findings(snapshot: ClaimsSnapshot) -> list[Finding]:
    checks = (*COMMON_CHECKS, *FORUM_CHECKS.get(snapshot.case.forum, ()))
    return [finding for check in checks for finding in check(snapshot)]
