"""What a finding refers to, in a lawyer's words: each record key becomes a title and a link.

Findings name the records involved by their keys (`d-medical`, `e-arrest-2019#1`, `interview:2`),
which suit scripts and case packages; pages show the title of the thing and link to it.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from article3.cases.models import Case
from article3.findings import Finding

# What each kind of finding is about, for lists that group findings by kind ("Because: ...").
FINDING_TITLES = {
    "acquiescence_unsupported": gettext_lazy("Official acquiescence is not supported"),
    "age_conflict": gettext_lazy("An age stated does not fit the birth date"),
    "coi_dated": gettext_lazy("Country information is old or undated"),
    "coi_generic_only": gettext_lazy("Only general country information"),
    "coi_report_unreadable": gettext_lazy("A country report could not be read"),
    "custody_unsupported": gettext_lazy("Custody or control is not supported"),
    "date_conflict": gettext_lazy("Dates disagree"),
    "document_not_ready": gettext_lazy("A document is not ready"),
    "domestic_remedies_unexplained": gettext_lazy("Protection at home is not explained"),
    "element_uncorroborated": gettext_lazy("An element rests on the applicant's word alone"),
    "element_unsupported": gettext_lazy("An element has no facts"),
    "evidence_stale": gettext_lazy("Evidence is out of date"),
    "evidence_undated": gettext_lazy("A document has no date"),
    "expert_not_individualized": gettext_lazy("An expert report is not about the applicant"),
    "fact_unlinked": gettext_lazy("A fact is linked to no element"),
    "interpreter_conflict": gettext_lazy("A booked interpreter has a conflict with the parties"),
    "interpreter_dialect_unconfirmed": gettext_lazy("A booked interpreter may not speak the dialect"),
    "interpreter_gender_mismatch": gettext_lazy("A booked interpreter is not of the gender asked for"),
    "interpreter_inactive": gettext_lazy("A booked interpreter no longer works with the organisation"),
    "interpreter_language_mismatch": gettext_lazy("A booked interpreter does not speak the language"),
    "interpreter_not_booked": gettext_lazy("No interpreter booked for the hearing"),
    "interpreter_not_named": gettext_lazy("A booking has no interpreter"),
    "fact_unsupported": gettext_lazy("A fact rests on nothing"),
    "medical_finding_not_consistent": gettext_lazy("A medical finding is not consistent with the account"),
    "medical_findings_unlinked": gettext_lazy("Medical findings are not linked to events"),
    "page_no_text": gettext_lazy("Pages without readable text"),
    "place_conflict": gettext_lazy("Places disagree"),
    "sequence_conflict": gettext_lazy("Events out of order"),
    "service_certificate_missing": gettext_lazy("No certificate of service"),
    "translation_certificate_not_in_bundle": gettext_lazy("A translation certificate is missing from the bundle"),
    "translation_missing": gettext_lazy("A document is not translated"),
    "translation_outdated": gettext_lazy("A translation is out of date"),
    "translation_uncertified": gettext_lazy("A translation is not certified"),
}
_TOKEN = re.compile(r"[\w][\w:#-]*[\w]")
_IN_BRACKETS = re.compile(r" \(([\w][\w:#-]*[\w])\)")


def finding_title(code: str) -> str:
    return str(FINDING_TITLES.get(code) or code.replace("_", " ").capitalize())


@dataclass(frozen=True)
class RefLink:
    label: str
    url: str  # "" when there is no page to open


class RefNames:
    """Every record of a case a finding may name, read once per page."""

    def __init__(self, case: Case) -> None:
        from article3.snapshots import kept

        self.case = case
        self.links: dict[str, RefLink] = kept("ref_names", case, self._read, extra=(case.forum,))  # shared: read only

    def _read(self) -> dict[str, RefLink]:
        self.links = {}
        self._records()
        self._chronology()
        return self.links

    def _url(self, name: str, **kwargs: str) -> str:
        return reverse(name, kwargs={"case_id": self.case.public_id, **kwargs})

    def _records(self) -> None:
        from article3.claims.selectors import applicable_elements
        from article3.rulepacks import load_pack

        case, url = self.case, self._url
        for element in applicable_elements(load_pack(case.forum)):  # the element matrix's rows
            self.links[element.code] = RefLink(element.label, url("case_element", code=element.code))
        # Only the fields named here: each other encrypted field would be decrypted for nothing.
        for document in case.documents.only("case", "key", "title", "kind"):
            self.links[document.key] = RefLink(document.label, url("evidence_document", key=document.key))
        for fact in case.facts.only("case", "key", "text"):
            self.links[fact.key] = RefLink(_("Fact: %(text)s") % {"text": _short(fact.text)},
                                           url("case_fact", key=fact.key))
        for person in case.people.all():
            self.links[person.key] = RefLink(str(person.name), url("case_people"))
        for citation in case.coi_citations.select_related("report"):
            self.links[citation.key] = RefLink(f"{citation.report.title}, ¶{citation.paragraph}",
                                               f"{url('case_coi')}#{citation.key}")
        self._bookings()

    def _bookings(self) -> None:
        from article3.interpreters.checks import ALL_BOOKINGS, booking_ref, occasion
        from article3.interpreters.selectors import booking_list

        page = self._url("case_hearing_interpreters")
        self.links[ALL_BOOKINGS] = RefLink(_("Interpreter bookings"), page)
        for booking in booking_list(case=self.case):
            label = _("Interpreter for %(occasion)s") % {"occasion": occasion(booking)}
            self.links[booking_ref(booking)] = RefLink(label, f"{page}#booking-{booking.pk}")

    def _chronology(self) -> None:
        """Events, the accounts of them (`e-arrest-2019#1`) and the interviews (`interview:2`)."""
        from article3.chronology.selectors import _interview_keys as interview_keys
        from article3.chronology.selectors import chronology_snapshot

        snapshot = chronology_snapshot(case=self.case)
        interviews = interview_keys(snapshot.events)
        for event in snapshot.events:
            page = self._url("case_event", key=event.key)
            self.links[event.key] = RefLink(event.title, page)
            for account in event.accounts.all():
                key = snapshot.account_keys.get(account.pk)
                if key:
                    source = snapshot.labels.get(account.pk, _("Source"))
                    self.links[key] = RefLink(_("%(source)s on “%(event)s”") % {"source": source, "event": event.title},
                                              page)
                if account.document is None and account.pk in interviews:
                    self.links.setdefault(interviews[account.pk], RefLink(account.interview or _("Interview"), ""))

    def link(self, ref: str) -> RefLink | None:
        """The title and page of a key; None for a key that names nothing a person can open."""
        if ref in self.links:
            return self.links[ref]
        base, _hash, anchor = ref.partition("#")
        found = self.links.get(base)
        if found is None:
            return None
        kind, _dash, number = anchor.partition("-")
        where = {"page": _("%(record)s, page %(number)s"),
                 "finding": _("%(record)s, medical finding %(number)s")}.get(kind)
        if where and number.isdigit():
            return RefLink(where % {"record": found.label, "number": number},
                           f"{found.url}#{anchor}" if found.url else "")
        return found

    def plain(self, text: str) -> str:
        """The text with every record key in it replaced by the record's title."""
        def name(match: re.Match[str]) -> str:
            found = self.link(match.group())
            return found.label if found is not None else match.group()

        def named_before(match: re.Match[str]) -> str:  # "Medical evaluation (d-medical)": the title is there
            return "" if self.link(match.group(1)) is not None else match.group()

        return _TOKEN.sub(name, _IN_BRACKETS.sub(named_before, text))

    def for_finding(self, finding: Finding) -> list[RefLink]:
        return self.for_refs(finding.refs)

    def for_refs(self, refs: Iterable[str]) -> list[RefLink]:
        return _unique(link for ref in refs if (link := self.link(ref)) is not None)


def _unique(links: Iterable[RefLink]) -> list[RefLink]:
    return list(dict.fromkeys(links))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
