"""Issue 14, "Elements and standards": each finding of the outside audit as a test, with its source.

What "verified" means here: read in a primary or official text (the research notes' mark H). A
statement the notes have second-hand (M), weakly (L) or not at all (U) is shown as unverified, and
a note saying that a text was not read never sits in the text a draft prints.
"""

import datetime
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from article3.rulepacks import PACK_DIR, RulePack, RulePackError, Source, all_packs, load_pack, read_pack
from article3.rulepacks._schema import says_not_read

CAT_ARTICLE_1_ONLY = ("intentional_infliction", "prohibited_purpose", "official_involvement", "not_lawful_sanction")


def described(pack: RulePack) -> Iterator[tuple[str, str, Source, str]]:
    """(where, printed text, source, caveat) for the standard, every element and every factor."""
    yield "standard", pack.standard.text, pack.standard.source, ""
    for element in pack.elements:
        yield f"elements.{element.code}", element.description, element.source, element.caveat
    for factor in pack.factors:
        yield f"factors.{factor.id}", factor.description, factor.source, ""


@pytest.mark.parametrize("code", CAT_ARTICLE_1_ONLY)
@pytest.mark.parametrize("forum", ["echr", "uk-ftt"])
def test_article_3_echr_has_no_intent_purpose_sanction_or_official_element(forum: str, code: str) -> None:
    """H.L.R. v. France [GC] 1997, para. 40 (research notes, errata): "intent, purpose, lawful sanctions
    and official involvement are CAT Article 1 elements, not Article 3 ECHR elements"; Article 3 reaches
    private actors where the State cannot protect."""
    element = load_pack(forum).element(code)
    assert element.applicable is False
    assert "H.L.R. v. France" in element.source.citation and "not an element" in element.description.lower()


@pytest.mark.parametrize("forum", ["echr", "uk-ftt"])
def test_article_3_echr_adds_severity_burden_sharing_relocation_and_protection(forum: str) -> None:
    """Issue 14: add "minimum level of severity, burden sharing (Saadi v. Italy § 129; J.K. and Others v.
    Sweden [GC] 2016 §§ 91-102, past ill-treatment as a strong indication of future risk), internal
    relocation (Salah Sheekh, Sufi and Elmi), sufficiency of protection for non-State actors in the UK"."""
    pack = load_pack(forum)
    severity = pack.element("severe_pain_or_suffering")
    assert severity.label == "Minimum level of severity" and severity.applicable
    burden = pack.element("burden_of_proof")
    assert burden.applicable and "Saadi v. Italy [GC] 2008, para. 129" in burden.source.citation
    assert "J.K. and Others v. Sweden [GC] 2016, paras. 91-102" in burden.source.citation
    assert "strong indication" in pack.element("past_torture").description
    relocation = pack.element("internal_relocation")
    assert "Salah Sheekh" in relocation.source.citation and "Sufi and Elmi" in relocation.source.citation
    assert "gain admittance and settle" in relocation.description
    protection = pack.element("state_protection_unavailable")
    assert "not public officials" in protection.description and protection.applicable
    if forum == "uk-ftt":
        assert protection.label == "Sufficiency of protection against non-State actors"


def test_un_cat_risk_is_foreseeable_personal_present_and_real() -> None:
    """CAT/C/GC/4, para. 11 (research notes, errata): "the test is 'foreseeable, personal, present and
    real'"; "present" was missing."""
    pack = load_pack("un-cat")
    assert "foreseeable, personal, present and real" in pack.standard.text
    risk = pack.element("personal_risk")
    assert "present" in risk.label.lower() and "foreseeable, personal, present and real" in risk.description
    assert "CAT/C/GC/4, para. 11" in risk.source.citation
    assert risk.source.verified is False  # the General Comment's paragraph itself was not read


def test_us_torture_definition_is_complete() -> None:
    """8 CFR 1208.18(a)(2)-(4) (issue 14): torture is "an extreme form of cruel and inhuman treatment";
    lawful sanctions and their limit; prolonged mental harm from the listed causes; acting in an
    official capacity."""
    pack = load_pack("us-eoir")
    severity = pack.element("severe_pain_or_suffering")
    assert "extreme form of cruel and inhuman treatment" in severity.description
    assert "prolonged mental harm" in severity.description and "threat of imminent death" in severity.description
    assert "(a)(2)" in severity.source.citation and "(a)(4)" in severity.source.citation
    sanction = pack.element("not_lawful_sanction")
    assert "defeat the object and purpose" in sanction.description and "(a)(3)" in sanction.source.citation
    assert "acting in an official capacity" in pack.element("official_involvement").description


def test_us_credibility_rules_are_stated_with_their_sources() -> None:
    """8 CFR 1208.16(c)(2): credible testimony "may be sufficient to sustain the burden of proof without
    corroboration"; INA 208(b)(1)(B)(ii)-(iii) and 240(c)(4)(B)-(C) (issue 14)."""
    credibility = load_pack("us-eoir").element("credibility")
    assert "without corroboration" in credibility.description
    assert credibility.source.citation == "8 CFR 1208.16(c)(2); INA 208(b)(1)(B)(ii)-(iii); INA 240(c)(4)(B)-(C)"
    assert credibility.role == "cross_cutting"


def test_maldonado_is_cited_in_full() -> None:
    """Issue 14: "full citations (Maldonado v. Lynch, 786 F.3d 1155 (9th Cir. 2015) (en banc))"; the pack
    called it Maldonado v. Holder."""
    full = "Maldonado v. Lynch, 786 F.3d 1155 (9th Cir. 2015) (en banc)"
    pack = load_pack("us-eoir")
    assert full in pack.element("internal_relocation").source.citation
    assert all("Maldonado v. Holder" not in text + source.citation for _, text, source, _ in described(pack))


def test_us_circuit_rules_are_marked_as_such() -> None:
    """Issue 14: "circuit-specific rules marked as such": a court of appeals decision binds only its
    circuit (Zheng and Velasquez-Samayoa: 9th Cir.; Auguste and Pierre: 3d Cir.)."""
    names = {"(9th Cir": "Ninth Circuit", "(3d Cir": "Third Circuit"}
    checked = []
    for where, text, source, caveat in described(load_pack("us-eoir")):
        for court, name in names.items():
            if court in source.citation:
                assert name in text or name in caveat, where
                checked.append(where)
    assert {"elements.official_involvement", "elements.intentional_infliction", "elements.internal_relocation",
            "elements.personal_risk", "factors.aggregate_risk", "factors.relocation"} <= set(checked)


@pytest.mark.parametrize("forum", sorted(all_packs()))
def test_verified_means_read_in_a_primary_text(forum: str) -> None:
    """Issue 14: ""Verified" means read in a primary or official text. An element or rule whose own note
    says the text was not read is unverified." Research notes: "H = primary text read, M = reliable
    secondary source"."""
    for where, text, source, caveat in described(load_pack(forum)):
        if source.verified:
            assert source.confidence == "H", where
            assert not says_not_read(caveat) and not says_not_read(source.citation), where
        assert not says_not_read(text) or where.startswith("factors."), where


@pytest.mark.parametrize("forum", sorted(all_packs()))
def test_no_rule_is_verified_whose_note_says_the_text_was_not_read(forum: str) -> None:
    """Issue 14, "Done when": "The packs' verified flags are audited by a test: no element or rule is
    verified whose note says the text was not read." Rules here: deadline rules with their counting,
    roll-over and service statements, the dated changes, and the bundle settings."""
    pack = load_pack(forum)
    notes: list[tuple[str, str, Source]] = []
    for rule in pack.deadlines:
        notes.append((f"deadlines.{rule.id}", rule.note, rule.source))
        for part in (rule.counting, rule.roll_rule):
            if part is not None:
                notes.append((f"deadlines.{rule.id}.{type(part).__name__}", part.text, part.source))
        if rule.service is not None:
            notes.append((f"deadlines.{rule.id}.service", rule.service.text, rule.service.source))
    notes += [(f"effective.{c.id}", c.description, c.source) for c in pack.effective]
    notes += [(f"bundle.{name}", "", source) for name, source in pack.bundle.sources.items()]
    if pack.respondents is not None:
        notes.append(("respondents", pack.respondents.text, pack.respondents.source))
    for where, note, source in notes:
        if source.verified:
            assert not says_not_read(note) and not says_not_read(source.citation), where


@pytest.mark.parametrize("forum", sorted(all_packs()))
def test_no_printed_element_text_says_a_text_was_not_read(forum: str) -> None:
    """Issue 14: notes saying a text was not read "never print as body text of a generated document"
    (the US brief printed "The exact wording of 1208.18(a)(7) was not read (unverified)")."""
    pack = load_pack(forum)
    assert not says_not_read(pack.standard.text)
    for element in pack.elements:
        assert not says_not_read(element.description), element.code
    assert "1208.18(a)(7) was not read" in load_pack("us-eoir").element("official_involvement").caveat


@pytest.mark.parametrize("forum", sorted(all_packs()))
def test_printed_element_text_names_no_internal_code(forum: str) -> None:
    """Project standard: no internal codes or keys in text a person reads (descriptions print in drafts)."""
    pack = load_pack(forum)
    for element in pack.elements:
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", element.description), element.code
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", pack.standard.text)


def test_not_read_wording_is_recognised() -> None:
    assert says_not_read("The exact wording of 1208.18(a)(7) was not read (unverified).")
    assert says_not_read("Rules of Court, Rule 47 (not read)") and says_not_read("Not read.")
    assert says_not_read("the judgments were not confirmed") and not says_not_read("read with s.26")
    assert not says_not_read("Reportedly, a notice was ignored")


def _pack_with(tmp_path: Path, forum: str, change: dict[str, object], code: str = "personal_risk") -> Path:
    raw = yaml.safe_load((PACK_DIR / f"{forum}.yaml").read_text(encoding="utf-8"))
    raw["elements"][code].update(change)
    raw["bundle"] = {"same_as": "generic"} if forum != "generic" else raw["bundle"]
    (tmp_path / "generic.yaml").write_text((PACK_DIR / "generic.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / f"{forum}.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_a_description_saying_not_read_is_refused(tmp_path: Path) -> None:
    path = _pack_with(tmp_path, "un-cat", {"description": "The paragraph was not read."})
    with pytest.raises(RulePackError, match=r"elements\.personal_risk\.description: says a text was not read"):
        read_pack(path)


def test_a_verified_element_whose_caveat_says_not_read_is_refused(tmp_path: Path) -> None:
    path = _pack_with(tmp_path, "un-cat", {"caveat": "Paragraph 11 was not read.", "confidence": "H",
                                           "verified": True})
    with pytest.raises(RulePackError, match=r"personal_risk\.verified: true, but the caveat or source says"):
        read_pack(path)


def test_every_element_has_a_last_verified_date(tmp_path: Path) -> None:
    """Issue 14: "Every rule and element shows its last-verified date"; an element's own date, else the
    pack's."""
    for pack in all_packs().values():
        for element in pack.elements:
            assert isinstance(element.last_verified, datetime.date)
            assert element.last_verified >= pack.last_verified
    assert load_pack("echr").element("burden_of_proof").last_verified == datetime.date(2026, 12, 5)
    assert load_pack("echr").element("credibility").last_verified == load_pack("echr").last_verified
    path = _pack_with(tmp_path, "un-cat", {"last_verified": "soon"})
    with pytest.raises(RulePackError, match=r"personal_risk\.last_verified: expected a date"):
        read_pack(path)

