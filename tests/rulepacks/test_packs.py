"""The shipped rule packs: they load, hold what the brief and the research notes require,
and never show an unsourced or U-marked statement as verified."""

import dataclasses
import datetime
from collections.abc import Iterator

import pytest

from article3.rulepacks import (
    CORE_ELEMENTS,
    CURRENCY_KINDS,
    RulePack,
    RulePackError,
    Source,
    all_packs,
    load_pack,
    pack_ids,
)

FORUMS = ("ca-irb", "echr", "generic", "uk-ftt", "un-cat", "us-eoir")

REQUIRED_RULES = {
    "us-eoir": {
        "bia_appeal",
        "motion_to_reconsider",
        "motion_to_reopen",
        "motion_to_reopen_changed_country_conditions",
        "petition_for_review",
        "prehearing_filing",
    },
    "uk-ftt": {
        "ftt_appeal_in_country",
        "ftt_appeal_out_of_country",
        "ut_permission_in_country",
        "ut_permission_out_of_country",
    },
    "ca-irb": {"rad_notice", "rad_perfect", "fc_leave_in_canada", "fc_leave_outside_canada"}
    | {"rpd_disclosure"},
    "echr": {"application", "rule39_request"},
    "un-cat": {"communication", "interim_measures_request"},
    "generic": set(),
}
REQUIRED_TRIGGERS = {
    "us-eoir": {"ij_decision", "bia_decision", "final_order", "individual_hearing"},
    "uk-ftt": {"decision_sent", "decision_received", "ftt_reasons_sent"},
    "ca-irb": {"rpd_reasons_received", "decision_notified", "rpd_hearing"},
    "echr": {"final_domestic_decision"},
    "un-cat": {"final_domestic_decision"},
    "generic": set(),
}


def all_sources(pack: RulePack) -> Iterator[tuple[str, Source]]:
    """Every sourced statement in a pack, with a readable name for failure messages."""
    yield "standard", pack.standard.source
    for element in pack.elements:
        yield f"elements.{element.code}", element.source
    for factor in pack.factors:
        yield f"factors.{factor.id}", factor.source
    for currency in pack.currency:
        yield f"currency.{currency.kind}", currency.source
    for change in pack.effective:
        yield f"effective.{change.id}", change.source
    for rule in pack.deadlines:
        yield f"deadlines.{rule.id}", rule.source
        for part in (rule.counting, rule.roll_rule, rule.service):
            if part is not None:
                yield f"deadlines.{rule.id}.{type(part).__name__}", part.source
    for name, source in pack.bundle.sources.items():
        yield f"bundle.{name}", source
    for limit in pack.bundle.page_limits:
        yield f"bundle.page_limits.{limit.name}", limit.source


def test_it_ships_exactly_the_six_forums() -> None:
    assert pack_ids() == FORUMS
    assert set(all_packs()) == set(FORUMS)


@pytest.mark.parametrize("forum", FORUMS)
def test_every_pack_loads_with_its_own_id(forum: str) -> None:
    pack = load_pack(forum)
    assert pack.forum == forum
    assert pack.name
    assert isinstance(pack.last_verified, datetime.date)


def test_load_pack_is_cached_and_immutable() -> None:
    pack = load_pack("us-eoir")
    assert load_pack("us-eoir") is pack
    with pytest.raises(dataclasses.FrozenInstanceError):
        pack.forum = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        pack.bundle.sources["page_size"] = pack.standard.source  # type: ignore[index]


def test_unknown_forum_names_the_known_ones() -> None:
    with pytest.raises(RulePackError, match=r"unknown forum 'xx'; known forums: ca-irb, echr"):
        load_pack("xx")


@pytest.mark.parametrize("forum", FORUMS)
def test_every_statement_has_a_citation_and_u_is_never_verified(forum: str) -> None:
    for where, source in all_sources(load_pack(forum)):
        assert source.citation.strip(), where
        if source.confidence == "U":
            assert source.verified is False, where


@pytest.mark.parametrize("forum", FORUMS)
def test_every_rule_has_a_citation_and_a_counting_rule_when_it_has_a_period(forum: str) -> None:
    for rule in load_pack(forum).deadlines:
        assert rule.source.citation.strip(), rule.id
        if rule.period is not None:
            assert rule.counting is not None and rule.counting.source.citation, rule.id
            assert rule.roll_rule is not None and rule.roll_rule.source.citation, rule.id
            assert rule.unit and rule.direction and rule.filing and rule.roll, rule.id


@pytest.mark.parametrize("forum", FORUMS)
def test_required_rules_and_triggers_exist(forum: str) -> None:
    pack = load_pack(forum)
    assert REQUIRED_RULES[forum] <= {rule.id for rule in pack.deadlines}
    assert REQUIRED_TRIGGERS[forum] <= {trigger.id for trigger in pack.triggers}
    for trigger in pack.triggers:
        assert trigger.label and trigger.rules, trigger.id


@pytest.mark.parametrize("forum", FORUMS)
def test_all_core_elements_with_credibility_cross_cutting(forum: str) -> None:
    pack = load_pack(forum)
    assert set(CORE_ELEMENTS) <= {element.code for element in pack.elements}
    assert pack.element("credibility").role == "cross_cutting"


@pytest.mark.parametrize("forum", FORUMS)
def test_custody_or_control_applies_only_in_the_us(forum: str) -> None:
    assert load_pack(forum).element("custody_or_control").applicable is (forum == "us-eoir")


def test_unknown_element_code_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="no element 'flying'"):
        load_pack("us-eoir").element("flying")


@pytest.mark.parametrize("forum", FORUMS)
def test_currency_is_a_practice_default_and_unverified(forum: str) -> None:
    pack = load_pack(forum)
    for kind in CURRENCY_KINDS:
        assert pack.currency_months(kind) >= 1
    for rule in pack.currency:
        assert rule.source.citation == "practice default"
        assert rule.source.verified is False
    with pytest.raises(KeyError):
        pack.currency_months("declaration")


def test_generic_pack_states_no_law() -> None:
    pack = load_pack("generic")
    for where, source in all_sources(pack):
        assert source.verified is False, where
    assert pack.standard.source.citation == "none: generic pack, no forum rule"
    assert pack.deadlines == () and pack.triggers == ()


def test_us_standard_and_elements_follow_the_notes() -> None:
    pack = load_pack("us-eoir")
    assert "more likely than not" in pack.standard.text
    assert pack.standard.source.citation == "8 CFR 1208.16(c)(2)"
    assert pack.element("custody_or_control").source.citation == "8 CFR 1208.18(a)(6)"
    assert "willful blindness" in pack.element("official_involvement").description
    # The notes give no US rule on state protection: it must be shown as unverified.
    assert pack.element("state_protection_unavailable").source.verified is False


def test_un_cat_definition_is_primary_text_and_adds_exhaustion() -> None:
    pack = load_pack("un-cat")
    element = pack.element("severe_pain_or_suffering")
    assert (element.source.citation, element.source.confidence) == ("UN CAT Art. 1(1)", "H")
    assert pack.element("exhaustion_of_domestic_remedies").role == "admissibility"
    # Only what was read in a primary text (H) is verified: the Committee's decisions come to
    # the notes second-hand (M), and the General Comment's paragraphs were not read (U).
    verified = {f.id for f in pack.factors if f.source.verified}
    assert verified == set()
    unread = {f.id for f in pack.factors if f.source.confidence == "U"}
    assert unread == {"gc4_risk_situations", "gc4_burden_and_evidence", "gc4_suspensive_remedies"}


def test_rules_for_trigger_respects_effective_dates() -> None:
    pack = load_pack("echr")
    before = pack.rules_for_trigger("final_domestic_decision", on=datetime.date(2022, 1, 31))
    after = pack.rules_for_trigger("final_domestic_decision", on=datetime.date(2022, 2, 1))
    assert [(r.id, r.period) for r in before] == [("application", 6), ("rule39_request", None)]
    assert [(r.id, r.period) for r in after] == [("application", 4), ("rule39_request", None)]


def test_rules_for_trigger_respects_detention_and_the_2022_switch() -> None:
    pack = load_pack("us-eoir")

    def periods(on: datetime.date, detained: bool) -> list[int | None]:
        return [
            r.period for r in pack.rules_for_trigger("individual_hearing", on=on, detained=detained)
        ]

    assert periods(datetime.date(2020, 12, 22), False) == [15]
    assert periods(datetime.date(2020, 12, 23), False) == [30]
    assert periods(datetime.date(2022, 8, 25), False) == [30]
    assert periods(datetime.date(2022, 8, 26), False) == [15]
    assert periods(datetime.date(2025, 1, 31), False) == [15]
    assert periods(datetime.date(2025, 2, 1), False) == [30]
    assert periods(datetime.date(2026, 3, 16), True) == [None]
    switch = next(c for c in pack.effective if c.id == "prehearing_15_days_2022")
    assert switch.date == datetime.date(2022, 8, 26)


def test_uk_permission_rules_start_on_14_may_2018() -> None:
    pack = load_pack("uk-ftt")
    assert pack.rules_for_trigger("ftt_reasons_sent", on=datetime.date(2018, 5, 13)) == ()
    found = pack.rules_for_trigger("ftt_reasons_sent", on=datetime.date(2018, 5, 14))
    assert [r.id for r in found] == ["ut_permission_in_country", "ut_permission_out_of_country"]


def test_us_ij_decision_rule_has_service_methods_with_no_days_for_mail() -> None:
    pack = load_pack("us-eoir")
    assert set(pack.trigger("ij_decision").services) == {"oral", "mail", "electronic"}
    (rule,) = pack.rules_for_trigger("ij_decision", on=datetime.date(2026, 1, 1))
    assert rule.service is not None
    assert dict(rule.service.extra_days) == {"oral": 0, "mail": 0, "electronic": 0}


def test_us_bundle_profile() -> None:
    bundle = load_pack("us-eoir").bundle
    assert (bundle.page_size, bundle.max_part_bytes, bundle.part_naming) == (
        "letter",
        25_000_000,
        "_Part{n}",
    )
    assert bundle.translation_certificate_required and bundle.certificate_of_service_required
    assert bundle.source("page_size").citation.startswith("8 CFR 1003.32(b)")
    assert bundle.source("translation_certificate_required").verified is True
    assert bundle.source("exhibit_labels").verified is False


def test_uk_bundle_page_limits() -> None:
    bundle = load_pack("uk-ftt").bundle
    limits = {limit.name: (limit.kind, limit.pages) for limit in bundle.page_limits}
    assert limits == {
        "skeleton_argument": (None, 12),
        "expert_report": ("expert_opinion", 20),
        "country_evidence": ("country_information", 12),
    }
    assert bundle.bookmarks and bundle.searchable_text and bundle.index
    expert = bundle.page_limit("expert_report")
    assert expert is not None and expert.source.confidence == "M"


def test_canada_bundle_profile() -> None:
    bundle = load_pack("ca-irb").bundle
    assert (bundle.page_size, bundle.pagination, bundle.min_font_pt) == ("letter", "continuous", 12)
    assert bundle.index_title == "List of Documents"


@pytest.mark.parametrize("forum", ["echr", "un-cat"])
def test_international_forums_use_the_generic_bundle(forum: str) -> None:
    assert load_pack(forum).bundle == load_pack("generic").bundle
    assert load_pack(forum).bundle.profile_of == "generic"


def test_bundle_source_for_unknown_setting() -> None:
    with pytest.raises(KeyError, match="no setting 'colour'"):
        load_pack("generic").bundle.source("colour")
