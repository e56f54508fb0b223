"""Deleting a fact or its support asks first and says what goes with it."""

import pytest
from django.test import Client
from django.urls import reverse

from article3.cases.models import Case
from article3.claims.models import Fact, Support
from tests.claims import factories


def url(name: str, case: Case, **kwargs: object) -> str:
    return reverse(name, kwargs={"case_id": case.public_id, **kwargs})


@pytest.mark.django_db
def test_deleting_a_fact_asks_first_and_takes_its_support(case: Case, as_alice: Client) -> None:
    support = factories.support_for(case)
    fact = support.fact
    page = as_alice.get(url("case_fact_delete", case, key=fact.key)).content.decode()
    assert "Delete the fact" in page and "The 1 item of support listed for it is removed with it" in page
    assert Fact.objects.filter(pk=fact.pk).exists(), "a GET only asks"
    as_alice.post(url("case_fact_delete", case, key=fact.key))
    assert not Fact.objects.filter(pk=fact.pk).exists() and not Support.objects.filter(pk=support.pk).exists()


@pytest.mark.django_db
def test_removing_a_support_asks_first_and_keeps_the_fact(case: Case, as_alice: Client) -> None:
    support = factories.support_for(case)
    delete = url("case_support_delete", case, key=support.fact.key, support_id=support.pk)
    assert "Delete this support" in as_alice.get(delete).content.decode()
    as_alice.post(delete)
    assert not Support.objects.filter(pk=support.pk).exists() and Fact.objects.filter(pk=support.fact_id).exists()
