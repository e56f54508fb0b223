"""The demo case's planted conflict, from the timeline picture to both sources side by side."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from article3.cases.models import Case
from article3.chronology import services


def conflict_link(client: Client, case: Case) -> str:
    """The href of the red conflict mark the timeline draws for the arrest."""
    html = client.get(reverse("case_chronology", kwargs={"case_id": case.public_id})).content.decode()
    svg = html[html.index("<svg"): html.index("</svg>")]
    mark = re.search(r'<a href="([^"]+)" class="conflict" id="conflict-e-arrest-2019">', svg)
    assert mark is not None, "the timeline marks the conflict on the arrest"
    return mark.group(1)


def conflict_article(client: Client, href: str) -> str:
    path, anchor = href.split("#")
    html = client.get(path).content.decode()
    start = html.index(f'<article class="conflict" id="{anchor}"')
    return html[start: html.index("</article>", start)]


@pytest.mark.django_db
def test_the_timeline_marks_the_planted_conflict_and_the_event_page_shows_both_sources(
    demo_case: Case, as_alice: Client
) -> None:
    href = conflict_link(as_alice, demo_case)
    assert href.startswith(reverse("case_event", kwargs={"case_id": demo_case.public_id, "key": "e-arrest-2019"}))
    article = conflict_article(as_alice, href)
    assert 'data-code="date_conflict"' in article
    assert "Medical report p.1" in article and "April 2019" in article
    # The two sources of the first conflict are the chronology's own date or the declaration;
    # the declaration's conflict with the medical report is on the same page.
    page = as_alice.get(href.split("#")[0]).content.decode()
    both = [a for a in re.findall(r'<article class="conflict".*?</article>', page, re.S)
            if "Declaration ¶14" in a and "Medical report p.1" in a]
    assert both and "14–19 March 2019" in both[0] and "April 2019" in both[0]


@pytest.mark.django_db
def test_the_conflict_shows_the_same_way_when_the_accounts_name_their_sources_as_text(
    demo_case: Case, as_alice: Client
) -> None:
    """Before documents are uploaded, accounts name their source (an interview, a report) as text."""
    arrest = demo_case.events.get(key="e-arrest-2019")
    for account in arrest.accounts.filter(document__isnull=False).select_related("document"):
        assert account.document is not None
        label = {"d-declaration": "Declaration ¶14", "d-medical": "Medical report p.1"}[account.document.key]
        services.account_update(actor="test", account=account, expected_version=account.version,
                                changes={"document": None, "interview": label, "page": None, "paragraph": None})

    article = conflict_article(as_alice, conflict_link(as_alice, demo_case))
    assert "Medical report p.1" in article and "April 2019" in article
    page = as_alice.get(reverse("case_event", kwargs={"case_id": demo_case.public_id, "key": "e-arrest-2019"}))
    both = [a for a in re.findall(r'<article class="conflict".*?</article>', page.content.decode(), re.S)
            if "Declaration ¶14" in a and "Medical report p.1" in a]
    assert both and "14–19 March 2019" in both[0]


@pytest.mark.django_db
def test_the_demo_chronology_lists_the_conflict_with_its_sources(demo_case: Case, as_alice: Client) -> None:
    html = as_alice.get(reverse("case_chronology", kwargs={"case_id": demo_case.public_id})).content.decode()
    section = html[html.index('id="conflicts"'): html.index("</section>", html.index('id="conflicts"'))]
    assert "Declaration ¶14: 14–19 March 2019" in section and "Medical report p.1: April 2019" in section
    assert 'class="conflict-flag"' in html  # the table marks the event too


@pytest.mark.django_db
def test_every_row_links_to_its_events_page(demo_case: Case, as_alice: Client) -> None:
    html = as_alice.get(reverse("case_chronology", kwargs={"case_id": demo_case.public_id})).content.decode()
    table = html[html.index("<tbody"):]
    for key in demo_case.events.values_list("key", flat=True):
        assert f'<a href="{reverse("case_event", kwargs={"case_id": demo_case.public_id, "key": key})}">' in table, key
