"""A person in Chromium: from the removal alarm on the dashboard to a drafted Rule 39 request."""

import datetime

import pytest
from django.utils import timezone
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from article3.accounts.models import Organisation
from tests.conftest import PASSWORD
from tests.test_browser import _sign_in, _submit


@pytest.mark.django_db(transaction=True)
def test_from_the_alarm_to_a_drafted_rule39_request(browser: webdriver.Chrome, live_server: object) -> None:
    from article3.accounts.services import user_create
    from article3.cases.models import Case
    from article3.demo import demo_load
    from article3.remedies.services import removal_set

    org = Organisation.objects.create(slug="default", name="Default")
    user_create(actor="test", organisation=org, email="admin@article3.local", role="admin", password=PASSWORD)
    demo_load(actor="test", organisation=org)
    Case.objects.filter(reference="DEMO-2026-001").update(forum="uk-ftt")
    case = Case.objects.get(reference="DEMO-2026-001")
    removal_set(actor="test", case=case, changes={"removal_date": timezone.localdate() + datetime.timedelta(days=9),
                                                  "detention_place": "Harmondsworth"})
    base = live_server.url  # type: ignore[attr-defined]

    _sign_in(browser, base, "admin@article3.local")
    browser.get(f"{base}/")
    alarm = browser.find_element(By.ID, "removal-alarms")
    assert "Imminent removals" in alarm.text and "in 9 days" in alarm.text
    _submit(browser, alarm.find_element(By.LINK_TEXT, "DEMO-2026-001"))

    assert "Removal in 9 days" in browser.find_element(By.ID, "removal-alarm").text
    step = browser.find_element(By.XPATH, "//li[strong[text()='Rule 39 request to the European Court of Human "
                                          "Rights']]")
    assert "r39.echr.coe.int" in step.text
    Select(step.find_element(By.NAME, "state_party")).select_by_visible_text("United Kingdom")
    _submit(browser, step.find_element(By.XPATH, ".//button[text()='Draft this request']"))

    assert browser.find_element(By.TAG_NAME, "h1").text == "Documents"
    WebDriverWait(browser, 120).until(lambda b: b.execute_script(
        "return [...document.querySelectorAll('td')].some(td => td.textContent.includes('ECtHR Rule 39 request'))"
        " && [...document.querySelectorAll('a')].some(a => a.textContent === 'DOCX');") or b.refresh())
    generated = case.generated_documents.get()
    assert generated.kind == "rule39_request" and generated.status == "done"
    assert generated.options["state_party"] == "GB" and generated.options["removal_details"] == \
        "from detention at Harmondsworth"

    _submit(browser, browser.find_element(By.LINK_TEXT, "Emergency"))
    tracked = browser.find_element(By.ID, "urgent-requests").text
    assert "ECHR Rule 39 interim measures" in tracked and "Draft" in tracked


@pytest.mark.django_db(transaction=True)
def test_tag_a_finding_and_record_a_grant_condition(browser: webdriver.Chrome, live_server: object) -> None:
    """After a refusal: tag a finding on the uploaded decision and see the record set against it; after a
    grant: record a check-in, which lands among the case's deadlines."""
    import io

    from article3.accounts.services import user_create
    from article3.cases.models import Case
    from article3.demo import demo_load
    from article3.evidence.services import document_add

    org = Organisation.objects.create(slug="default", name="Default")
    user_create(actor="test", organisation=org, email="admin@article3.local", role="admin", password=PASSWORD)
    demo_load(actor="test", organisation=org)
    case = Case.objects.get(reference="DEMO-2026-001")
    document_add(actor="test", case=case, stream=io.BytesIO(b"Decision of the immigration judge."),
                 filename="decision.txt", kind="decision", process=False)
    base = live_server.url  # type: ignore[attr-defined]

    _sign_in(browser, base, "admin@article3.local")
    browser.get(f"{base}/cases/{case.public_id}/emergency/")
    _submit(browser, browser.find_element(By.LINK_TEXT, "After a refusal: from the decision to a remedy"))
    Select(browser.find_element(By.NAME, "decision")).select_by_index(1)
    browser.find_element(By.NAME, "page").send_keys("4")
    browser.find_element(By.NAME, "paragraph").send_keys("12")
    Select(browser.find_element(By.NAME, "category")).select_by_visible_text("Weight given to medical evidence")
    browser.find_element(By.NAME, "finding").send_keys("The medical report is given little weight.")
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Add the finding']"))
    finding = browser.find_element(By.ID, "finding-1").text
    assert "Weight given to medical evidence" in finding and "p. 4 ¶ 12" in finding
    assert "beat him with cables" in finding  # the fact the record held for past torture

    browser.get(f"{base}/cases/{case.public_id}/emergency/after-grant/")
    Select(browser.find_element(By.NAME, "kind")).select_by_visible_text("Check-in")
    browser.execute_script("document.querySelector('input[name=due]').value = '2027-01-15';")
    browser.find_element(By.NAME, "details").send_keys("Field office, room 4")
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Add the condition']"))
    assert "15 January 2027" in browser.find_element(By.ID, "grant-conditions").text
    _submit(browser, browser.find_element(By.LINK_TEXT, "Deadlines"))
    assert "Check-in (condition of the grant)" in browser.page_source


@pytest.mark.django_db(transaction=True)
def test_cite_a_later_report_offered_on_the_changed_conditions_page(browser: webdriver.Chrome,
                                                                     live_server: object) -> None:
    """The page offers a report of the library published after the hearing that the case does not cite;
    the lawyer cites it for an element, and it joins the list the motion is drafted from."""
    from django.urls import reverse

    from article3.accounts.services import user_create
    from article3.cases.models import Case
    from article3.cases.services import case_create
    from article3.coi.services import ReportMeta, report_import

    org = Organisation.objects.create(slug="default", name="Default")
    lawyer = user_create(actor="test", organisation=org, email="lawyer@article3.local", role="attorney",
                         password=PASSWORD)
    case = case_create(actor="test", organisation=org, reference="CC-1", forum="us-eoir", country_of_return="CM",
                       applicant_name="Test Applicant", owner_id=lawyer.pk)
    Case.objects.filter(pk=case.pk).update(hearing_date=datetime.date(2026, 5, 12))
    case.refresh_from_db()
    case.risk_terms = "journalists"
    case.save(update_fields=["risk_terms"])
    report_import(actor="test", organisation=org, filename="press.txt",
                  data=b"Journalists who returned from abroad were detained by the gendarmerie.",
                  meta=ReportMeta(countries=["CM"], title="Press freedom 2026", date=datetime.date(2026, 10, 2)))
    base = live_server.url  # type: ignore[attr-defined]

    _sign_in(browser, base, "lawyer@article3.local")
    browser.get(base + reverse("remedies_changed", kwargs={"case_id": case.public_id}))
    offered = browser.find_element(By.XPATH, "//section[h2[@id='to-read-h']]")
    assert "Press freedom 2026" in offered.text and "Published 2 October 2026" in offered.text
    _submit(browser, offered.find_element(By.LINK_TEXT, "Cite in CC-1"))
    browser.find_element(By.CSS_SELECTOR, "input[name='elements'][value='country_conditions']").click()
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Cite in CC-1']"))

    browser.get(base + reverse("remedies_changed", kwargs={"case_id": case.public_id}))
    main = browser.find_element(By.TAG_NAME, "main").text
    cited = main.split("Not cited yet", 1)[0]
    assert "Country conditions" in cited and "Published 2 October 2026" in cited
    assert "No passage of your library" in main, "nothing is left to read"
