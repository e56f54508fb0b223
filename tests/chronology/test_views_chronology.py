"""The chronology page: the table with its filters, the timeline picture and its zoom."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from article3.audit.models import AuditEntry
from article3.cases.models import Case
from article3.chronology import services
from tests.chronology.factories import document_for
from tests.conftest import client_for


def get(client: Client, case: Case, query: str = "") -> str:
    response = client.get(reverse("case_chronology", kwargs={"case_id": case.public_id}) + query)
    assert response.status_code == 200
    return response.content.decode()


def table(html: str) -> str:
    return html[html.index('<table class="chronology">'): html.index("</table>")]


def svg(html: str) -> str:
    return html[html.index("<svg"): html.index("</svg>")]


@pytest.mark.django_db
def test_empty_chronology_says_so_and_offers_to_add(case: Case, as_alice: Client) -> None:
    html = get(as_alice, case)
    assert "No events yet." in html and "Nothing to check yet." in html and "<svg" not in html
    assert reverse("case_event_add", kwargs={"case_id": case.public_id}) in html


@pytest.mark.django_db
def test_viewers_see_no_editing_links(case: Case, bob: User) -> None:
    html = get(client_for(bob), case)
    assert reverse("case_event_add", kwargs={"case_id": case.public_id}) not in html
    assert "Download PDF" in html


@pytest.mark.django_db
def test_each_view_is_audited(case: Case, as_alice: Client) -> None:
    get(as_alice, case)
    assert AuditEntry.objects.filter(case_id=case.pk, action="cases.page.viewed", object_key="chronology").exists()


@pytest.mark.django_db
def test_the_table_lists_events_by_date_with_their_sources(demo_case: Case, as_alice: Client) -> None:
    rows = table(get(as_alice, demo_case))
    order = [rows.index(f'id="{key}"') for key in ("e-meeting-2018", "e-arrest-2019", "e-departure-2019",
                                                       "e-arrival-2019", "e-brother-2020")]
    assert order == sorted(order), "date order, not entry order"
    assert "Credible fear interview: March 2019, Bamenda, age 17" in rows


@pytest.mark.django_db
def test_filters_by_kind_source_and_conflicts(demo_case: Case, as_alice: Client) -> None:
    threats = table(get(as_alice, demo_case, "?kind=threat"))
    assert 'id="e-meeting-2018"' in threats and 'id="e-arrest-2019"' not in threats
    conflicted = table(get(as_alice, demo_case, "?conflicts=1"))
    assert re.findall(r'<tr class="[^"]*" id="([^"]+)"', conflicted) == ["e-arrest-2019"]
    from_declaration = table(get(as_alice, demo_case, "?source=d-declaration"))
    assert 'id="e-departure-2019"' in from_declaration and 'id="e-meeting-2018"' not in from_declaration
    from_interviews = table(get(as_alice, demo_case, "?source=interview"))
    assert re.findall(r'<tr class="[^"]*" id="([^"]+)"', from_interviews) == ["e-arrest-2019"]
    nothing = get(as_alice, demo_case, "?kind=hearing")
    assert "No events match these filters." in nothing


@pytest.mark.django_db
def test_filter_by_document_source(case: Case, as_alice: Client) -> None:
    medical = document_for(case, "d-medical", "medical")
    cited = services.event_add(actor="test", case=case, kind="harm", title="Beaten", date="2019-03-15")
    services.event_add(actor="test", case=case, kind="threat", title="Warned", date="2019-01")
    services.account_add(actor="test", event=cited, document=medical, page=2, date="2019-03")
    html = get(as_alice, case, "?source=d-medical")
    assert f'id="{cited.key}"' in table(html) and "Warned" not in table(html)
    assert '<option value="d-medical" selected>' in html


@pytest.mark.django_db
def test_the_picture_colours_by_kind_hatches_approximate_dates_and_links_events(
    demo_case: Case, as_alice: Client
) -> None:
    picture = svg(get(as_alice, demo_case))
    brother = picture[picture.index('id="tl-e-brother-2020"'):]
    brother = brother[: brother.index("</g>")]
    assert 'fill="url(#hatch-threat)"' in brother and 'stroke-dasharray="4 2"' in brother
    assert 'fill="#1f4e8c"' in picture  # departure and arrival
    event_url = reverse("case_event", kwargs={"case_id": demo_case.public_id, "key": "e-departure-2019"})
    assert f'<a href="{event_url}">' in picture
    assert "<title>Declaration ¶22: 20 June 2019</title>" in picture  # each source, with what it says


@pytest.mark.django_db
def test_zoom_from_years_to_months_to_days(demo_case: Case, as_alice: Client) -> None:
    whole = get(as_alice, demo_case)
    assert "1 November 2018 – 31 March 2020" in whole  # the one date style of every page
    assert ">Mar 2019</a>" not in whole  # months are offered within one year
    year_page = get(as_alice, demo_case, "?from=2019&to=2019")
    assert '<a href="?from=2019-03-01&amp;to=2019-03-31">Mar 2019</a>' in year_page
    year = svg(year_page)
    assert '<a href="?from=2019-03-01&amp;to=2019-03-31" class="zoom"><text' in year  # a month zooms to days
    assert "e-meeting-2018" not in year and "e-brother-2020" not in year
    month = get(as_alice, demo_case, "?from=2019-03-01&to=2019-03-31")
    days = svg(month)
    assert ">14</text>" in days and ">15</text>" in days  # one tick a day
    assert 'id="tl-e-beating-2019"' in days and 'id="tl-e-departure-2019"' not in days
    assert "?from=2019-02-01&amp;to=2019-02-28" in month  # earlier, same length


@pytest.mark.django_db
def test_zoom_keeps_the_other_filters(demo_case: Case, as_alice: Client) -> None:
    picture = svg(get(as_alice, demo_case, "?kind=threat&from=2019&to=2019"))
    assert "?kind=threat&amp;from=2019-04-01&amp;to=2019-04-30" in picture


@pytest.mark.django_db
def test_a_bad_range_is_explained_and_the_whole_chronology_shown(demo_case: Case, as_alice: Client) -> None:
    html = get(as_alice, demo_case, "?from=March&to=2019")
    assert "&#x27;March&#x27; is not a date" in html and 'id="tl-e-brother-2020"' in html
    backwards = get(as_alice, demo_case, "?from=2020&to=2019")
    assert "The end of the range comes before its start." in backwards


@pytest.mark.django_db
def test_a_range_without_events_says_so(demo_case: Case, as_alice: Client) -> None:
    html = get(as_alice, demo_case, "?from=2010&to=2011")
    assert "<svg" not in html and "No events in this range." in html


@pytest.mark.django_db
def test_undated_events_stay_in_the_table_but_not_in_the_picture(case: Case, as_alice: Client) -> None:
    services.event_add(actor="test", case=case, key="e-dated", kind="harm", title="Dated", date="2019-03")
    services.event_add(actor="test", case=case, key="e-undated", kind="threat", title="Some time", date="")
    html = get(as_alice, case)
    assert 'id="e-undated"' in table(html) and "undated" in table(html)
    assert "tl-e-undated" not in svg(html) and "tl-e-dated" in svg(html)


@pytest.mark.django_db
def test_text_is_escaped_in_the_picture(case: Case, as_alice: Client) -> None:
    services.event_add(actor="test", case=case, kind="harm", title='<script>alert("x")</script>', date="2019-03")
    picture = svg(get(as_alice, case))
    assert "<script>" not in picture and "&lt;script&gt;" in picture
