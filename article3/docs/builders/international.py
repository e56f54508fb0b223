"""Requests to international bodies: a communication to the UN Committee against Torture (article 22)
with a request for interim measures (rule 114), and a Rule 39 request to the European Court of Human
Rights. Both from the research notes (shared/legal/rules-research.md, section 4d), each with the
checklist of documents to attach."""

from __future__ import annotations

from typing import Any

from article3.bundles.engine.model import PageMap
from article3.bundles.inputs import attachments_of, exhibit_order, profile_for
from article3.cases.models import Case
from article3.claims.selectors import applicable_elements, claims_snapshot
from article3.docs.builders.brief import authority, claims_sources
from article3.docs.builders.cites import cite_fact_support, latest_build, page_map
from article3.docs.builders.common import (
    Built,
    Rich,
    case_context,
    case_sources,
    country_name,
    date_words,
    note,
    plain,
    sort_key,
)
from article3.docs.builders.declaration import event_version, when
from article3.evidence.models import DocumentKind
from article3.rulepacks import load_pack
from article3.words import Words, gettext_noop

ART_22_5_B = ("Under article 22(5)(b) of the Convention, the Committee considers a communication once domestic "
              "remedies have been exhausted, but \u201cthis shall not be the rule where the application of the "
              "remedies is unreasonably prolonged or is unlikely to bring effective relief\u201d.")
ART_22_5_A = ("The same matter has not been, and is not being, examined under another procedure of international "
              "investigation or settlement (article 22(5)(a) of the Convention).")
RULE_114_SOURCE = ("Rules of procedure of the Committee against Torture (CAT/C/3/Rev.6), rule 114, as applied in "
                   "CAT/C/61/D/614/2014")
RULE_39_SOURCE = ("Rule 39 of the Rules of Court, as amended with effect from 28 March 2024, and its Practice "
                  "Direction: measures are indicated only where there is an imminent risk of irreparable harm")
# The pack rule each authority above rests on: its verified flag decides whether the draft says "(unverified)".
AUTHORITY_RULES = {RULE_114_SOURCE: ("un-cat", "interim_measures_request"), RULE_39_SOURCE: ("echr", "rule39_request")}


def cited(text: str) -> str:
    """A fixed authority as the draft prints it, marked "(unverified)" unless its pack rule was read."""
    forum, rule_id = AUTHORITY_RULES[text]
    source = next(rule.source for rule in load_pack(forum).deadlines if rule.id == rule_id)
    return text if authority(source) == source.citation else f"{text} (unverified)"
R39_SENDING = ("Send the request through the Court's online Rule 39 portal (r39.echr.coe.int); use fax or post only "
               "if the portal cannot be used. Read the current Practice Direction before sending.")
OUTCOME_WORDS = {"no_response": "no response", "refused": "refused", "delayed": "delayed", "dismissed": "dismissed",
                 "retaliation": "retaliation", "effective": "effective", "pending": "pending"}


def facts(case: Case) -> list[dict[str, Any]]:
    """What happened, in date order and the third person: events and attempts at protection at home."""
    events = list(case.events.prefetch_related("accounts").order_by("pk"))
    remedies = list(case.domestic_remedies.order_by("pk"))
    items: list[tuple[Any, int, str]] = []
    for event in events:
        place = f", in {event.place}" if event.place else ""
        lead = when(event.date)
        items.append((sort_key(event.date), event.pk, f"{lead}{place}: {event.title.rstrip('.')}." if lead
                      else f"{event.title.rstrip('.')}{place} (date not known)."))
    for remedy in remedies:
        text = f"{when(remedy.date) or 'At a date not recorded'}, the complainant went to the " \
               f"{remedy.get_body_display().lower()}"
        text += f" ({remedy.description.rstrip('.')})" if remedy.description else ""
        text += f". Outcome: {OUTCOME_WORDS.get(remedy.outcome, remedy.outcome)}."
        text += f" {remedy.consequence.rstrip('.')}." if remedy.consequence else ""
        items.append((sort_key(remedy.date), 10**9 + remedy.pk, text))
    items.sort(key=lambda i: (i[0], i[1]))
    return [{"number": n, "text": text, "body": plain(text)} for n, (_, _, text) in enumerate(items, start=1)]


def elements(case: Case, forum: str, pmap: PageMap | None) -> list[dict[str, Any]]:
    snapshot = claims_snapshot(case=case)
    rows = []
    for element in applicable_elements(load_pack(forum)):
        linked = [f for f in snapshot.facts if element.code in (f.elements or [])]
        if linked:
            rows.append({"label": element.label, "code": element.code,
                         "facts": [{"text": f.text, "cites": cite_fact_support(f.support.all(), pmap)}
                                   for f in linked]})
    return rows


def decisions(case: Case) -> tuple[list[str], Rich]:
    found = list(case.decisions.order_by("date", "pk"))
    lines = [f"{d.date:%-d %B %Y}: {d.decision_maker or 'decision'}, {d.get_outcome_display().lower()}"
             f"{' (final)' if d.final else ''}" for d in found]
    if not lines:
        return ["No decision is recorded in the case yet."], note(
            "Record the decisions taken in the State party, or explain why no remedy there is available or "
            "effective.")
    if not any(d.final for d in found):
        return lines, note("No final decision is recorded: explain why any remedy still open would be "
                           "unreasonably prolonged or unlikely to bring effective relief.")
    return lines, note("Confirm that no further remedy is open, or explain why it would be ineffective.")


def checklist(case: Case) -> list[dict[str, str]]:
    rows = []
    for document in exhibit_order(case, profile_for(case.forum)):
        attached = attachments_of(document)
        translated = any(a.kind == DocumentKind.TRANSLATION for a in attached)
        foreign = document.language and not document.language.lower().startswith("en")
        state = "with its translation" if translated else "needs an English translation" if foreign else ""
        details = [document.get_kind_display(), date_words(document.date), state]
        rows.append({"title": document.label, "note": ", ".join(d for d in details if d)})
    for decision in case.decisions.order_by("date", "pk"):
        rows.append({"title": f"Decision of {decision.date:%-d %B %Y}", "note": decision.decision_maker or ""})
    rows.append({"title": "Signed authority for the representative to act",
                 "note": "practice, not from a cited rule: check the body's current form"})
    return rows


def respondent(kind: str, options: dict[str, Any]) -> str:
    """The name of the State chosen for the request; refused if the request cannot be brought against it."""
    from article3.docs.respondents import respondent_check

    return country_name(respondent_check(kind=kind, state=str(options.get("state_party") or "")))


def _common(case: Case, title: str, kind: str, forum: str, options: dict[str, Any]) -> dict[str, Any]:
    state = respondent(kind, options)
    build_row = latest_build(case)
    pmap = page_map(build_row)
    context = case_context(case, title)
    removal = date_words(str(options.get("removal_date") or ""))
    details = str(options.get("removal_details") or "").strip()
    context.update({
        "state_party": state,
        "facts": facts(case), "elements": elements(case, forum, pmap), "checklist": checklist(case),
        "removal": f"{removal}{'; ' + details if details else ''}" if removal or details else "",
    })
    lines, exhaustion_note = decisions(case)
    context["exhaustion"] = {"rule": ART_22_5_B, "decisions": lines, "note": exhaustion_note}
    return context


def sources(case: Case, options: dict[str, Any]) -> dict[str, Any]:
    build_row = latest_build(case)
    return {**case_sources(case), **claims_sources(claims_snapshot(case=case)),
            "bundle_build": build_row.pk if build_row else None,
            "events": {e.key: event_version(e) for e in case.events.prefetch_related("accounts")},
            "remedies": {r.key: r.version for r in case.domestic_remedies.all()},
            "decisions": {d.key: d.version for d in case.decisions.all()},
            "exhibits": {d.key: d.version for d in case.documents.all()}}


def build_un_cat(case: Case, options: dict[str, Any]) -> Built:
    context = _common(case, "Communication under article 22", "un_cat_communication", "un-cat", options)
    country = country_name(case.country_of_return)
    context["interim"] = {
        "text": (f"The complainant asks the Committee, through its Rapporteur on new complaints and interim "
                 f"measures, to request the State party to refrain from returning the complainant to {country} "
                 f"while this complaint is being considered."),
        "removal": f"Planned removal: {context['removal']}." if context["removal"] else "No removal date is known.",
        "source": cited(RULE_114_SOURCE),
    }
    context["other_procedure"] = ART_22_5_A
    context["notes"] = [note("Send the request for interim measures as early as possible: in CAT/C/61/D/614/2014 "
                             "the State said it arrived too late to stop the removal."),
                        note("Confirm with the complainant that no other international body is examining the "
                             "same matter.")]
    return Built(context=context, sources=sources(case, options))


def build_rule39(case: Case, options: dict[str, Any]) -> Built:
    context = _common(case, "Request under Rule 39", "rule39_request", "echr", options)
    country = country_name(case.country_of_return)
    context["interim"] = {
        "text": (f"The applicant asks the Court to indicate to the respondent Government, under Rule 39 of the Rules "
                 f"of Court, that the applicant should not be removed to {country} while the Court examines the "
                 f"case."),
        "removal": context["removal"] or "No removal date is known yet.",
        "source": cited(RULE_39_SOURCE),
    }
    context["sending"] = R39_SENDING
    context["notes"] = [note("Say precisely when and how the removal is to take place: the Court acts on an "
                             "imminent risk of irreparable harm.")]
    warnings = [] if context["removal"] else [Words(gettext_noop("No removal date was given: the Court needs it "
                                                                 "to act in time."))]
    return Built(context=context, sources=sources(case, options), warnings=warnings)
