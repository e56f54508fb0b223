"""The typed, immutable shape of a forum rule pack (see DESIGN.md, "Rule packs").

Every legal statement carries a `Source`: the citation as the research notes give it, the
notes' confidence mark and whether it may be shown as verified. A statement nobody could
source is `verified=False` and the interface says "unverified" wherever it is used.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, TypeVar

V = TypeVar("V")
Confidence = Literal["H", "M", "L", "U"]
Role = Literal["element", "factor", "cross_cutting", "admissibility"]
Unit = Literal["calendar_days", "business_days", "months"]
Direction = Literal["after", "before"]
Filing = Literal["received", "dispatched"]
# next_non_holiday: Interpretation Act (Canada) s.26, a limit on a holiday moves to the next day
# that is not a holiday; a Saturday is not a holiday there, so it does not move.
Roll = Literal["next_business_day", "none", "previous_business_day", "next_non_holiday"]
PageSize = Literal["letter", "a4"]
LabelStyle = Literal["letters", "numbers"]
Pagination = Literal["continuous", "per_exhibit"]

CONFIDENCES: tuple[Confidence, ...] = ("H", "M", "L", "U")
ROLES: tuple[Role, ...] = ("element", "factor", "cross_cutting", "admissibility")
UNITS: tuple[Unit, ...] = ("calendar_days", "business_days", "months")
DIRECTIONS: tuple[Direction, ...] = ("after", "before")
FILINGS: tuple[Filing, ...] = ("received", "dispatched")
ROLLS: tuple[Roll, ...] = ("next_business_day", "none", "previous_business_day", "next_non_holiday")
PAGE_SIZES: tuple[PageSize, ...] = ("letter", "a4")
LABEL_STYLES: tuple[LabelStyle, ...] = ("letters", "numbers")
PAGINATIONS: tuple[Pagination, ...] = ("continuous", "per_exhibit")
CALENDARS: tuple[str, ...] = ("US", "GB-ENG", "CA")
CONDITIONS: tuple[str, ...] = ("detained",)

# spec/case-package.md, "Element codes": every pack must define all of them.
CORE_ELEMENTS: tuple[str, ...] = (
    "severe_pain_or_suffering",
    "intentional_infliction",
    "prohibited_purpose",
    "official_involvement",
    "custody_or_control",
    "not_lawful_sanction",
    "personal_risk",
    "past_torture",
    "internal_relocation",
    "state_protection_unavailable",
    "country_conditions",
    "credibility",
)
# Report kinds whose age is checked against the hearing date (evidence currency).
CURRENCY_KINDS: tuple[str, ...] = (
    "medical",
    "psychological",
    "expert_opinion",
    "country_information",
)
# Document kinds of spec/case-package.md that get their own place in the exhibit order;
# translations and their certificates always follow the original they translate.
EXHIBIT_KINDS: tuple[str, ...] = (
    "declaration",
    "identity",
    "medical",
    "psychological",
    "expert_opinion",
    "country_information",
    "prior_abuse_record",
    "threat",
    "domestic_remedy_record",
    "witness_statement",
    "decision",
    "other",
)
_RANK: dict[Confidence, int] = {"H": 3, "M": 2, "L": 1, "U": 0}


class RulePackError(ValueError):
    """A rule pack file is missing, unreadable or invalid; the message names file and key path."""


def weakest(*confidences: Confidence) -> Confidence:
    """The lowest of several confidence marks (H > M > L > U)."""
    return min(confidences, key=lambda c: _RANK[c])


def frozen_map(items: Mapping[str, V]) -> Mapping[str, V]:
    """A read-only copy, so a cached pack cannot be changed by a caller."""
    return MappingProxyType(dict(items))


@dataclass(frozen=True)
class Source:
    """Where a statement comes from, how sure the notes are, and whether to show it as verified."""

    citation: str
    confidence: Confidence
    verified: bool

    def describe(self) -> str:
        status = "verified" if self.verified else "unverified"
        return f"{self.citation} ({status}, confidence {self.confidence})"


@dataclass(frozen=True)
class Statement:
    """A sourced sentence of law or practice (a standard, a counting or roll-over rule)."""

    text: str
    source: Source


Standard = Statement


@dataclass(frozen=True)
class Languages:
    """The languages a forum takes documents in without a translation (ISO 639-1 codes)."""

    codes: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class Element:
    """One element (or factor, or admissibility condition) of a forum's test.

    `description` is the law as a reader of a generated document may see it; `caveat` holds what
    the pack's authors could not confirm (a text not read, a rule of one circuit only) and is shown
    beside the element in the application, never as body text of a draft. `last_verified` is the
    element's own date when it has one, else the pack's.
    """

    code: str
    label: str
    description: str
    role: Role
    applicable: bool
    source: Source
    last_verified: datetime.date
    caveat: str = ""


@dataclass(frozen=True)
class Factor:
    id: str
    label: str
    description: str
    elements: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class CurrencyRule:
    """How many months a report of `kind` may be old at the hearing date before it is flagged."""

    kind: str
    months: int
    note: str
    source: Source


@dataclass(frozen=True)
class Change:
    """A dated change in the law that the pack's rules follow (`effective` section)."""

    id: str
    date: datetime.date
    description: str
    rules: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class Trigger:
    """An event that starts deadlines; `services` maps each accepted service method to its label."""

    id: str
    label: str
    rules: tuple[str, ...]
    services: Mapping[str, str]
    note: str


@dataclass(frozen=True)
class ServiceRule:
    """Days added to the trigger date for each service method, and the rule that says so."""

    extra_days: Mapping[str, int]
    text: str
    source: Source


@dataclass(frozen=True)
class DeadlineRule:
    """One version of a deadline rule; a rule id may have several versions with disjoint
    effective ranges or `applies_when` conditions (e.g. detained / not detained)."""

    id: str
    label: str
    trigger: str
    period: int | None
    unit: Unit | None
    direction: Direction | None
    filing: Filing | None
    roll: Roll | None
    calendar: str | None
    service: ServiceRule | None
    applies_when: Mapping[str, bool]
    effective_from: datetime.date | None
    effective_to: datetime.date | None
    note: str
    source: Source
    counting: Statement | None
    roll_rule: Statement | None
    # The day someone last checked this rule against its source; the pack's date when not set.
    last_verified: datetime.date | None = None

    def in_force(self, *, on: datetime.date) -> bool:
        """Whether this version applies to a trigger on `on` (both ends inclusive)."""
        if self.effective_from is not None and on < self.effective_from:
            return False
        return self.effective_to is None or on <= self.effective_to

    def applies(self, *, detained: bool) -> bool:
        wanted = self.applies_when.get("detained")
        return wanted is None or wanted == detained


@dataclass(frozen=True)
class PageLimit:
    name: str
    label: str
    kind: str | None
    pages: int
    source: Source


@dataclass(frozen=True)
class BundleProfile:
    """How a filing bundle is laid out; `sources` holds the source of each setting by name."""

    profile_of: str
    page_size: PageSize
    cover: bool
    index: bool
    index_title: str
    exhibit_labels: LabelStyle
    separator_pages: bool
    bookmarks: bool
    searchable_text: bool
    pagination: Pagination
    translation_after_original: bool
    translation_certificate_required: bool
    certificate_of_service_required: bool
    certificate_of_service_last: bool
    max_part_bytes: int | None
    part_naming: str
    max_pages: int | None
    min_font_pt: int | None
    supplementary_naming: str | None
    exhibit_order: tuple[str, ...]
    page_limits: tuple[PageLimit, ...]
    sources: Mapping[str, Source]
    note: str = ""

    def source(self, setting: str) -> Source:
        try:
            return self.sources[setting]
        except KeyError:
            raise KeyError(f"bundle profile has no setting {setting!r}") from None

    def page_limit(self, name: str) -> PageLimit | None:
        return next((limit for limit in self.page_limits if limit.name == name), None)


@dataclass(frozen=True)
class Respondents:
    """The States a communication or request of this forum may be brought against, with the date the
    list was last checked against its source (a State missing from it is refused, not guessed)."""

    states: tuple[str, ...]  # ISO 3166-1 alpha-2 codes
    as_of: datetime.date
    text: str
    source: Source

    def allows(self, code: str) -> bool:
        return code.upper() in self.states


@dataclass(frozen=True)
class Identifier:
    """The applicant's number with the forum (A-number, UCI, application number...) and, where the notes
    give one, the format it must match once spaces and hyphens are removed and letters put in capitals."""

    label: str
    pattern: str | None
    example: str
    source: Source

    def matches(self, value: str) -> bool:
        return self.pattern is None or re.fullmatch(self.pattern, normal_identifier(value)) is not None


def normal_identifier(value: str) -> str:
    """The identifier as stored: no spaces or hyphens, letters in capitals (a123-456-789 -> A123456789)."""
    return "".join(value.split()).replace("-", "").upper()


@dataclass(frozen=True)
class EmergencyOption:
    """One urgent step against an imminent removal: what to ask, whom, how to send it, and what to try
    if it is refused."""

    kind: str
    label: str
    document: str | None  # the kind of document Article3 drafts for it, if any
    sending: str
    if_refused: tuple[str, ...]  # kinds of the options to turn to next
    source: Source


@dataclass(frozen=True)
class Emergency:
    identifier: Identifier | None
    options: tuple[EmergencyOption, ...]

    def option(self, kind: str) -> EmergencyOption | None:
        return next((option for option in self.options if option.kind == kind), None)


@dataclass(frozen=True)
class RulePack:
    forum: str
    name: str
    last_verified: datetime.date
    standard: Standard
    languages: Languages
    elements: tuple[Element, ...]
    factors: tuple[Factor, ...]
    currency: tuple[CurrencyRule, ...]
    effective: tuple[Change, ...]
    triggers: tuple[Trigger, ...]
    deadlines: tuple[DeadlineRule, ...]
    bundle: BundleProfile
    respondents: Respondents | None = None
    emergency: Emergency = Emergency(identifier=None, options=())
    review: Statement | None = None  # the standard an appeal or judicial review applies to the decision

    def element(self, code: str) -> Element:
        for element in self.elements:
            if element.code == code:
                return element
        raise KeyError(f"{self.forum}: no element {code!r}")

    def trigger(self, trigger_id: str) -> Trigger:
        for trigger in self.triggers:
            if trigger.id == trigger_id:
                return trigger
        known = ", ".join(t.id for t in self.triggers) or "none"
        raise KeyError(f"{self.forum}: no trigger {trigger_id!r} (known: {known})")

    def rules_for_trigger(
        self, trigger: str, *, on: datetime.date, detained: bool = False
    ) -> tuple[DeadlineRule, ...]:
        """The rule versions `trigger` starts that are in force on `on` and apply to the case,
        in the order the trigger lists them."""
        wanted = self.trigger(trigger).rules
        found = [
            rule
            for rule in self.deadlines
            if rule.trigger == trigger and rule.in_force(on=on) and rule.applies(detained=detained)
        ]
        return tuple(sorted(found, key=lambda rule: wanted.index(rule.id)))

    def currency_months(self, kind: str) -> int:
        for rule in self.currency:
            if rule.kind == kind:
                return rule.months
        raise KeyError(f"{self.forum}: no currency rule for {kind!r} (known: {CURRENCY_KINDS})")
