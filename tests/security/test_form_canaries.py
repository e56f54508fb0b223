"""Every free-text field of every form takes a canary in the storage-leak test (issue 17).

The forms are posted here, in the test database, to prove each one takes what it is given (a
refused form stores nothing, and a leak scan over nothing proves nothing); the storage-leak test
posts them again in a real data folder and reads its files raw.
"""

import importlib
import pkgutil
import re

import pytest
from django import forms
from django.contrib.auth.models import User

import article3
from tests.security.canaries import Canaries, seed_case
from tests.security.form_canaries import NOT_CASE_TEXT, seed_through_forms, stored

PLACE = re.compile(r"form (\w+)\.(\w+)(?: .*)?")


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def free_text_fields() -> set[tuple[str, str]]:
    """(form class, field) for every field of every form in the app where a person types text."""
    for module in pkgutil.walk_packages(article3.__path__, "article3."):
        if module.name.rsplit(".", 1)[-1].endswith(("forms", "views")) or ".forms." in module.name:
            importlib.import_module(module.name)
    found = set()
    for form in _subclasses(forms.BaseForm):
        if not form.__module__.startswith("article3."):
            continue
        for name, field in form.base_fields.items():  # type: ignore[attr-defined]
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
                found.add((form.__name__, name))
    return found


@pytest.mark.django_db
def test_every_free_text_form_field_is_seeded_and_stored(org_a: object, alice: User) -> None:
    canaries = Canaries()
    case = seed_case(organisation=org_a, owner=alice, canaries=canaries)
    statuses = seed_through_forms(owner=alice, case=case, canaries=canaries)
    assert {post: status for post, status in statuses.items() if status >= 400} == {}

    typed = {place for place in canaries.where.values() if place.startswith("form ")}
    assert typed - stored(canaries) == set(), "each form took its input: nothing typed was refused or dropped"

    seeded = {(m.group(1), m.group(2)) for place in typed if (m := PLACE.fullmatch(place))}
    missing = free_text_fields() - seeded - set(NOT_CASE_TEXT)
    assert missing == set(), "seed these form fields in tests/security/form_canaries.py, or list why not"
    assert set(NOT_CASE_TEXT) & seeded == set(), "a field is either seeded or listed, not both"


@pytest.mark.django_db
def test_fields_kept_as_codes_refuse_typed_text(org_a: object, alice: User) -> None:
    """A field listed as a code (so its column may stay plain) refuses a canary: posted in its place,
    the form stores nothing of it."""
    from tests.security.form_canaries import CODE, POSTS, post_one

    canaries = Canaries()
    case = seed_case(organisation=org_a, owner=alice, canaries=canaries)
    codes = {key for key, why in NOT_CASE_TEXT.items() if why == CODE or "fuzzy-date" in why}
    tried = set()
    for post in POSTS:
        for form, field in sorted(codes):
            names = [name for name in post.data(case, canaries.new) if name.split("-")[-1] == field]
            if form != post.form or not names:
                continue
            post_one(owner=alice, case=case, post=post, canaries=canaries,
                     override={names[0]: canaries.new(f"code {form}.{field}")})
            tried.add((form, field))
    assert tried, "the posts carry code fields to try"
    leaked = stored(canaries, prefix="code ")
    assert leaked == set(), "these fields stored typed text: validate them as codes, or encrypt and seed them"
