"""Strict validation: a broken pack in tmp_path raises RulePackError naming file and key path."""

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from article3.rulepacks import PACK_DIR, RulePackError, read_pack

Mutate = Callable[[dict[str, Any]], None]


def broken(tmp_path: Path, forum: str, mutate: Mutate) -> Path:
    """A copy of a shipped pack in tmp_path, changed by `mutate` (generic is copied beside it)."""
    text = (PACK_DIR / f"{forum}.yaml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=yaml.CSafeLoader)
    mutate(raw)
    path = tmp_path / f"{forum}.yaml"
    dumped = yaml.dump(raw, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
    path.write_text(dumped, encoding="utf-8")
    if forum != "generic":
        shutil.copy(PACK_DIR / "generic.yaml", tmp_path / "generic.yaml")
    return path


def fails(tmp_path: Path, forum: str, mutate: Mutate, message: str) -> None:
    with pytest.raises(RulePackError, match=re.escape(message)):
        read_pack(broken(tmp_path, forum, mutate))


def test_an_unchanged_copy_loads(tmp_path: Path) -> None:
    assert read_pack(broken(tmp_path, "echr", lambda raw: None)).forum == "echr"


def test_bad_unit_names_the_key_path_and_the_choices(tmp_path: Path) -> None:
    def weeks(raw: dict[str, Any]) -> None:
        raw["deadlines"][2]["unit"] = "weeks"

    fails(
        tmp_path,
        "us-eoir",
        weeks,
        "us-eoir.yaml: deadlines[2].unit: 'weeks' is not one of "
        "calendar_days, business_days, months",
    )


def test_unknown_key(tmp_path: Path) -> None:
    def extra(raw: dict[str, Any]) -> None:
        raw["elements"]["past_torture"]["weight"] = 3

    fails(tmp_path, "us-eoir", extra, "us-eoir.yaml: elements.past_torture.weight: unknown key")


def test_unknown_top_level_key(tmp_path: Path) -> None:
    fails(tmp_path, "uk-ftt", lambda raw: raw.update(judge="x"), "uk-ftt.yaml: judge: unknown key")


def test_missing_source(tmp_path: Path) -> None:
    def unsourced(raw: dict[str, Any]) -> None:
        del raw["deadlines"][0]["source"]

    fails(tmp_path, "ca-irb", unsourced, "ca-irb.yaml: deadlines[0].source: missing")


def test_empty_citation(tmp_path: Path) -> None:
    def blank(raw: dict[str, Any]) -> None:
        raw["standard"]["source"] = "  "

    fails(tmp_path, "un-cat", blank, "un-cat.yaml: standard.source: expected non-empty text")


def test_missing_core_element(tmp_path: Path) -> None:
    def drop(raw: dict[str, Any]) -> None:
        del raw["elements"]["credibility"]

    fails(tmp_path, "echr", drop, "echr.yaml: elements.credibility: missing")


def test_bad_confidence(tmp_path: Path) -> None:
    def sure(raw: dict[str, Any]) -> None:
        raw["factors"][0]["confidence"] = "certain"

    fails(
        tmp_path,
        "uk-ftt",
        sure,
        "uk-ftt.yaml: factors[0].confidence: 'certain' is not one of H, M, L, U",
    )


def test_u_can_never_be_verified(tmp_path: Path) -> None:
    def overclaim(raw: dict[str, Any]) -> None:
        raw["currency"]["medical"]["verified"] = True

    fails(
        tmp_path,
        "generic",
        overclaim,
        "generic.yaml: currency.medical.verified: true is not allowed with confidence U",
    )


def test_trigger_lists_a_rule_that_does_not_exist(tmp_path: Path) -> None:
    def dangling(raw: dict[str, Any]) -> None:
        raw["triggers"][0]["rules"].append("nope")

    fails(tmp_path, "ca-irb", dangling, "ca-irb.yaml: triggers[0].rules[2]: no rule 'nope'")


def test_rule_names_an_unknown_trigger(tmp_path: Path) -> None:
    def orphan(raw: dict[str, Any]) -> None:
        raw["deadlines"][0]["trigger"] = "coin_toss"

    fails(
        tmp_path,
        "echr",
        orphan,
        "echr.yaml: deadlines[0].trigger: "
        "unknown trigger 'coin_toss' (known: final_domestic_decision)",
    )


def test_rule_not_listed_by_its_trigger(tmp_path: Path) -> None:
    def unlisted(raw: dict[str, Any]) -> None:
        raw["triggers"][0]["rules"].remove("rule39_request")

    fails(tmp_path, "echr", unlisted, "is not listed in trigger 'final_domestic_decision' rules")


def test_overlapping_versions(tmp_path: Path) -> None:
    def overlap(raw: dict[str, Any]) -> None:
        del raw["deadlines"][1]["effective_to"]

    fails(
        tmp_path,
        "echr",
        overlap,
        "echr.yaml: deadlines[1]: overlaps another version of 'application'",
    )


def test_service_days_must_cover_every_method(tmp_path: Path) -> None:
    def partial(raw: dict[str, Any]) -> None:
        del raw["deadlines"][0]["service"]["extra_days"]["oral"]

    fails(
        tmp_path,
        "us-eoir",
        partial,
        "us-eoir.yaml: deadlines[0].service.extra_days: "
        "must give days for exactly electronic, mail, oral",
    )


def test_rule_with_a_period_needs_its_counting_keys(tmp_path: Path) -> None:
    def uncounted(raw: dict[str, Any]) -> None:
        del raw["deadlines"][0]["roll"]

    fails(tmp_path, "uk-ftt", uncounted, "uk-ftt.yaml: deadlines[0].roll: missing (required when")


def test_boolean_is_not_a_period(tmp_path: Path) -> None:
    def boolean(raw: dict[str, Any]) -> None:
        raw["deadlines"][0]["period"] = True

    fails(
        tmp_path,
        "uk-ftt",
        boolean,
        "uk-ftt.yaml: deadlines[0].period: expected a whole number >= 1",
    )


def test_factor_links_to_unknown_element(tmp_path: Path) -> None:
    def link(raw: dict[str, Any]) -> None:
        raw["factors"][0]["elements"] = ["nonsense"]

    fails(
        tmp_path, "us-eoir", link, "us-eoir.yaml: factors[0].elements[0]: 'nonsense' is not one of"
    )


def test_exhibit_order_must_list_every_kind(tmp_path: Path) -> None:
    def short(raw: dict[str, Any]) -> None:
        raw["bundle"]["exhibit_order"]["value"].remove("medical")

    fails(
        tmp_path,
        "ca-irb",
        short,
        "ca-irb.yaml: bundle.exhibit_order.value: must list every document kind; missing medical",
    )


def test_bundle_setting_needs_a_source(tmp_path: Path) -> None:
    def bare(raw: dict[str, Any]) -> None:
        raw["bundle"]["page_size"] = {"value": "letter"}

    fails(tmp_path, "us-eoir", bare, "us-eoir.yaml: bundle.page_size.confidence: missing")


def test_part_naming_needs_a_number(tmp_path: Path) -> None:
    def unnumbered(raw: dict[str, Any]) -> None:
        raw["bundle"]["part_naming"]["value"] = "_Part"

    fails(
        tmp_path,
        "us-eoir",
        unnumbered,
        "us-eoir.yaml: bundle.part_naming.value: '_Part' must contain {n}",
    )


def test_same_as_needs_the_other_pack(tmp_path: Path) -> None:
    path = broken(tmp_path, "un-cat", lambda raw: None)
    (tmp_path / "generic.yaml").unlink()
    with pytest.raises(
        RulePackError, match=re.escape("un-cat.yaml: bundle.same_as: no pack file 'generic.yaml'")
    ):
        read_pack(path)


def test_same_as_cannot_chain(tmp_path: Path) -> None:
    broken(tmp_path, "echr", lambda raw: None)
    path = broken(tmp_path, "un-cat", lambda raw: raw["bundle"].update(same_as="echr"))
    with pytest.raises(
        RulePackError, match=re.escape("echr.yaml: bundle.same_as: points to 'generic'")
    ):
        read_pack(path)


def test_forum_must_match_the_file_name(tmp_path: Path) -> None:
    fails(
        tmp_path,
        "echr",
        lambda raw: raw.update(forum="ecthr"),
        "echr.yaml: forum: 'ecthr' does not match",
    )


def test_date_must_be_a_date(tmp_path: Path) -> None:
    fails(
        tmp_path,
        "echr",
        lambda raw: raw.update(last_verified="last week"),
        "echr.yaml: last_verified: expected a date (YYYY-MM-DD)",
    )


def test_duplicate_yaml_keys_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "generic.yaml"
    text = (PACK_DIR / "generic.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("factors: []\n", "factors: []\nfactors: []\n"), encoding="utf-8")
    with pytest.raises(
        RulePackError, match=r"generic\.yaml: not valid YAML: .*duplicate key 'factors'"
    ):
        read_pack(path)


def test_invalid_yaml_syntax(tmp_path: Path) -> None:
    path = tmp_path / "generic.yaml"
    path.write_text("forum: [unclosed\n", encoding="utf-8")
    with pytest.raises(RulePackError, match=r"generic\.yaml: not valid YAML"):
        read_pack(path)


def test_a_pack_must_be_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "generic.yaml"
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(RulePackError, match=r"^generic\.yaml: expected a mapping, got list$"):
        read_pack(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match=r"nothing\.yaml: cannot read"):
        read_pack(tmp_path / "nothing.yaml")


def test_languages_are_two_letter_codes(tmp_path: Path) -> None:
    def spelled_out(raw: dict[str, Any]) -> None:
        raw["languages"]["codes"] = ["en", "French"]

    fails(tmp_path, "ca-irb", spelled_out,
          "ca-irb.yaml: languages.codes[1]: 'French' is not a two-letter ISO 639-1 code")


def test_languages_need_a_source(tmp_path: Path) -> None:
    fails(tmp_path, "echr", lambda raw: raw["languages"].pop("source"),
          "echr.yaml: languages.source: missing")
