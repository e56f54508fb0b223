"""A person in a real browser: headless Chromium signs in and opens the demo case."""

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from article3.accounts.models import Organisation
from tests.conftest import PASSWORD


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    assert chromium and driver, "install Debian's chromium and chromium-driver (make install does)"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    chrome = webdriver.Chrome(service=Service(driver), options=options)
    chrome.set_page_load_timeout(30)
    yield chrome
    chrome.quit()


@pytest.mark.django_db(transaction=True)
def test_sign_in_and_open_the_demo_case(browser: webdriver.Chrome, live_server: object) -> None:
    from article3.accounts.services import user_create
    from article3.demo import demo_load

    org = Organisation.objects.create(slug="default", name="Default")
    user_create(actor="test", organisation=org, email="admin@article3.local", role="admin", password=PASSWORD)
    demo_load(actor="test", organisation=org)
    base = live_server.url  # type: ignore[attr-defined]

    browser.get(f"{base}/")
    assert "Sign in" in browser.find_element(By.TAG_NAME, "h1").text
    browser.find_element(By.NAME, "email").send_keys("admin@article3.local")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()

    browser.find_element(By.LINK_TEXT, "DEMO-2026-001").click()
    assert "DEMO-2026-001" in browser.find_element(By.TAG_NAME, "h1").text
    assert "Joseph Tabe" in browser.page_source
    browser.find_element(By.LINK_TEXT, "Chronology").click()
    assert "Arrested at a checkpoint" in browser.page_source


@pytest.mark.django_db(transaction=True)
def test_replace_an_original_in_the_browser(browser: webdriver.Chrome, live_server: object, tmp_path: Any) -> None:
    """The replace form sends the file with progress, then the page shows the new original and
    that the translation needs review."""
    from selenium.webdriver.support.ui import WebDriverWait

    from article3.accounts.services import user_create
    from article3.cases.models import Case
    from article3.demo import demo_load
    from article3.evidence.models import Document

    org = Organisation.objects.create(slug="default", name="Default")
    user_create(actor="test", organisation=org, email="admin@article3.local", role="admin", password=PASSWORD)
    demo_load(actor="test", organisation=org)
    case = Case.objects.get(reference="DEMO-2026-001")
    summons = Document.objects.get(case=case, key="d-summons")
    scan = tmp_path / "convocation-clearer.txt"
    scan.write_text("Convocation de la gendarmerie, copie plus lisible.")
    base = live_server.url  # type: ignore[attr-defined]

    _sign_in(browser, base, "admin@article3.local")
    browser.get(f"{base}/cases/{case.public_id}/evidence/d-summons/")
    browser.find_element(By.CSS_SELECTOR, "#replace summary").click()
    form = browser.find_element(By.ID, "replace-form")
    form.find_element(By.NAME, "file").send_keys(str(scan))
    form.find_element(By.NAME, "reason").send_keys("clearer copy received from the clinic")
    form.find_element(By.NAME, "confirm").click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()

    WebDriverWait(browser, 60).until(lambda b: "was replaced with convocation-clearer.txt" in b.page_source)
    assert "linked translation now needs review" in browser.page_source
    assert "Previous originals" in browser.page_source
    summons.refresh_from_db()
    assert summons.original_name == "convocation-clearer.txt"
    assert Document.objects.get(case=case, key="d-summons-en").needs_review


def _submit(browser: webdriver.Chrome, button: Any) -> None:
    """Click a button or link and wait for the next page, so the next step reads that page: the
    marker set on this page's window is gone once the browser has loaded another."""
    from selenium.webdriver.support.ui import WebDriverWait

    browser.execute_script("window.article3OldPage = true;")
    button.click()
    WebDriverWait(browser, 30).until(lambda b: b.execute_script(
        "return window.article3OldPage === undefined && document.readyState === 'complete';"))


def _sign_in(browser: webdriver.Chrome, base: str, email: str, password: str = PASSWORD) -> None:
    browser.get(f"{base}/accounts/login/")
    browser.find_element(By.NAME, "email").send_keys(email)
    browser.find_element(By.NAME, "password").send_keys(password)
    _submit(browser, browser.find_element(By.CSS_SELECTOR, "main button[type=submit]"))


def _user_menu(browser: webdriver.Chrome) -> None:
    """Open the menu under the signed-in person's e-mail (account, second factor, sign out)."""
    if not browser.find_element(By.CSS_SELECTOR, "details.user-menu").get_attribute("open"):
        browser.find_element(By.CSS_SELECTOR, "details.user-menu summary").click()


def _sign_out(browser: webdriver.Chrome) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    _user_menu(browser)
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Sign out']"))
    WebDriverWait(browser, 20).until(lambda b: b.find_elements(By.NAME, "password"))


def _invite(browser: webdriver.Chrome, email: str, role: str) -> str:
    from selenium.webdriver.support.ui import Select

    browser.find_element(By.ID, "id_email").send_keys(email)
    Select(browser.find_element(By.ID, "id_role")).select_by_value(role)
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Invite']"))
    assert f"{email} is invited" in browser.page_source
    return str(browser.find_element(By.ID, "invite-link").text)


def _add_to_team(browser: webdriver.Chrome, email: str, role: str) -> None:
    from selenium.webdriver.support.ui import Select, WebDriverWait

    Select(browser.find_element(By.ID, "team-email")).select_by_value(email)
    Select(browser.find_element(By.ID, "team-role")).select_by_value(role)
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Add to the team']"))
    WebDriverWait(browser, 20).until(lambda b: b.find_elements(By.CSS_SELECTOR, f"tr[data-email='{email}']"))


def _choose_password(browser: webdriver.Chrome, link: str, password: str) -> None:
    browser.get(link)
    browser.find_element(By.NAME, "new_password1").send_keys(password)
    browser.find_element(By.NAME, "new_password2").send_keys(password)
    _submit(browser, browser.find_element(By.CSS_SELECTOR, "main button[type=submit]"))


@pytest.mark.django_db(transaction=True)
def test_a_clinic_brings_in_a_paralegal_and_an_interpreter(browser: webdriver.Chrome, live_server: object,
                                                           settings: Any) -> None:
    """The admin invites a paralegal and puts her on the demo case; she sets her password from the link,
    enrols a second factor with recovery codes and opens the case; the admin resets her second factor;
    an interpreter sees only the declaration shared with him; the audit log names them all."""
    import base64
    import json

    from click.testing import CliRunner
    from django_otp.oath import totp
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from article3.accounts.services import user_create
    from article3.audit.commands import audit_show
    from article3.demo import demo_load

    base = live_server.url  # type: ignore[attr-defined]
    settings.SITE_URL = base
    org = Organisation.objects.create(slug="default", name="Default")
    user_create(actor="test", organisation=org, email="admin@article3.local", role="admin", password=PASSWORD)
    demo_load(actor="test", organisation=org)

    _sign_in(browser, base, "admin@article3.local")
    _user_menu(browser)
    _submit(browser, browser.find_element(By.LINK_TEXT, "My account"))
    _submit(browser, browser.find_element(By.LINK_TEXT, "People in the organisation"))
    pat_link = _invite(browser, "pat@example.org", "paralegal")
    ivan_link = _invite(browser, "ivan@example.org", "interpreter")
    assert pat_link.startswith(f"{base}/accounts/set-password/") and ivan_link != pat_link
    _submit(browser, browser.find_element(By.LINK_TEXT, "Cases"))
    _submit(browser, browser.find_element(By.LINK_TEXT, "DEMO-2026-001"))
    _submit(browser, browser.find_element(By.LINK_TEXT, "Team"))
    _add_to_team(browser, "pat@example.org", "paralegal")
    _add_to_team(browser, "ivan@example.org", "interpreter")
    from selenium.webdriver.support.ui import Select

    row = browser.find_element(By.CSS_SELECTOR, "tr[data-email='ivan@example.org']")
    Select(row.find_element(By.NAME, "item")).select_by_value("document:d-declaration")
    _submit(browser, row.find_element(By.XPATH, ".//button[text()='Share']"))
    assert "Declaration of the applicant" in browser.find_element(
        By.CSS_SELECTOR, "tr[data-email='ivan@example.org']").text
    _sign_out(browser)

    _choose_password(browser, pat_link, "pat's own long passphrase 7")
    _user_menu(browser)
    _submit(browser, browser.find_element(By.LINK_TEXT, "My account"))
    _submit(browser, browser.find_element(By.LINK_TEXT, "Set up an authenticator app"))
    assert browser.find_element(By.CSS_SELECTOR, ".qr svg")
    secret = browser.find_element(By.XPATH, "//p[starts-with(., 'Key:')]/code").text
    browser.find_element(By.NAME, "token").send_keys(f"{totp(base64.b32decode(secret)):06d}")
    _submit(browser, browser.find_element(By.CSS_SELECTOR, "main button[type=submit]"))
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Create recovery codes']"))
    codes = [c.text for c in browser.find_elements(By.CSS_SELECTOR, ".recovery-codes code")]
    assert len(codes) == 10 and StaticToken.objects.filter(token__in=codes).count() == 10
    _submit(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "I have kept them"))
    _submit(browser, browser.find_element(By.LINK_TEXT, "DEMO-2026-001"))
    assert "DEMO-2026-001" in browser.find_element(By.TAG_NAME, "h1").text
    assert "Joseph Tabe" in browser.page_source
    _sign_out(browser)

    _sign_in(browser, base, "admin@article3.local")
    browser.get(f"{base}/org/users/")
    _submit(browser, browser.find_element(By.CSS_SELECTOR, "tr[data-email='pat@example.org']").find_element(
        By.XPATH, ".//button[text()='Reset second factor']"))
    assert "set up a new one at their next sign-in" in browser.page_source
    assert not TOTPDevice.objects.filter(user__username="pat@example.org").exists()
    _sign_out(browser)
    _sign_in(browser, base, "pat@example.org", "pat's own long passphrase 7")
    assert "Set up your second factor" in browser.find_element(By.TAG_NAME, "h1").text, "she enrols again"
    _sign_out(browser)

    _choose_password(browser, ivan_link, "ivan's own long passphrase 8")
    _submit(browser, browser.find_element(By.LINK_TEXT, "DEMO-2026-001"))
    assert "shared with you" in browser.find_element(By.TAG_NAME, "h1").text
    assert "Declaration of the applicant" in browser.page_source
    assert "Medical evaluation" not in browser.page_source and "Joseph Tabe" not in browser.page_source
    _submit(browser, browser.find_element(By.LINK_TEXT, "Declaration of the applicant"))
    assert "Declaration of the applicant" in browser.find_element(By.TAG_NAME, "h1").text
    case_url = browser.current_url.split("/evidence/")[0]
    browser.get(f"{case_url}/safety/")
    assert "<h1>Not found</h1>" in browser.page_source
    browser.get(f"{case_url}/evidence/d-medical/")
    assert "<h1>Not found</h1>" in browser.page_source

    result = CliRunner().invoke(audit_show, ["DEMO-2026-001", "--format", "json"])
    assert result.exit_code == 0, result.output
    views = [(e["actor"], e["object"]) for e in json.loads(result.output)["entries"] if e["description"] == "Opened"]
    assert ("pat@example.org", "the case overview") in views
    assert ("ivan@example.org", "a document") in views
    assert ("admin@article3.local", "the case team") in views


def _rows(browser: webdriver.Chrome) -> list[str]:
    """The references the dashboard lists, read in one call (the page may be reloading)."""
    found = browser.execute_script(
        "return Array.from(document.querySelectorAll('#cases tr[data-reference]')).map(r => r.dataset.reference);")
    return list(found)


@pytest.mark.django_db(transaction=True)
def test_find_a_case_on_the_dashboard(browser: webdriver.Chrome, live_server: object) -> None:
    """Search by the client's name, filter by stage, show the closed cases, sort by client."""
    from selenium.webdriver.support.ui import Select, WebDriverWait

    from article3.accounts.services import user_create
    from article3.cases.models import Case
    from article3.cases.services import case_create

    org = Organisation.objects.create(slug="default", name="Default")
    lawyer = user_create(actor="test", organisation=org, email="lawyer@article3.local", role="attorney",
                         password=PASSWORD)
    for reference, name, country, stage in (("K-1", "Joseph Tabe", "CM", "preparing"),
                                            ("K-2", "Amina Yusuf", "ER", "hearing"),
                                            ("K-3", "Bola Closed", "NG", "closed")):
        created = case_create(actor=lawyer, organisation=org, reference=reference, forum="us-eoir",
                              country_of_return=country, applicant_name=name, owner_id=lawyer.pk)
        Case.objects.filter(pk=created.pk).update(stage=stage)
    base = live_server.url  # type: ignore[attr-defined]

    _sign_in(browser, base, "lawyer@article3.local")
    WebDriverWait(browser, 20).until(lambda b: _rows(b) == ["K-1", "K-2"])  # closed cases hidden
    assert "Eritrea" in browser.find_element(By.ID, "cases").text

    browser.find_element(By.ID, "id_q").send_keys("tabe")
    _submit(browser, browser.find_element(By.CSS_SELECTOR, "#case-filters button[type=submit]"))
    assert _rows(browser) == ["K-1"]

    browser.find_element(By.ID, "id_q").clear()
    Select(browser.find_element(By.ID, "id_stage")).select_by_visible_text("Hearing")
    _submit(browser, browser.find_element(By.CSS_SELECTOR, "#case-filters button[type=submit]"))
    assert _rows(browser) == ["K-2"]

    Select(browser.find_element(By.ID, "id_stage")).select_by_value("")
    browser.find_element(By.ID, "id_closed").click()
    Select(browser.find_element(By.ID, "id_sort")).select_by_visible_text("Client")
    _submit(browser, browser.find_element(By.CSS_SELECTOR, "#case-filters button[type=submit]"))
    assert _rows(browser) == ["K-2", "K-3", "K-1"]  # Amina, Bola, Joseph


@pytest.mark.django_db(transaction=True)
def test_the_cockpit_leads_to_the_deadline_the_finding_and_the_conflict(browser: webdriver.Chrome,
                                                                        live_server: object) -> None:
    import datetime

    from selenium.webdriver.support.ui import WebDriverWait

    from article3.accounts.services import user_create
    from article3.cases.models import Case
    from article3.demo import demo_load
    from tests.deadlines.factories import deadline_for

    org = Organisation.objects.create(slug="default", name="Default")
    user_create(actor="test", organisation=org, email="admin@article3.local", role="admin", password=PASSWORD)
    demo_load(actor="test", organisation=org)
    case = Case.objects.get(reference="DEMO-2026-001")
    deadline = deadline_for(case, date=datetime.date.today())
    base = live_server.url  # type: ignore[attr-defined]
    overview = f"{base}/cases/{case.public_id}/"

    def target() -> str:
        """The element the address's #fragment names, and the text of the page's heading."""
        return str(browser.execute_script(
            "var el = document.getElementById(location.hash.slice(1));"
            "var heading = document.querySelector('h1').textContent;"
            "return (el ? el.tagName + ' ' + el.textContent : 'nothing') + ' | ' + heading;"))

    _sign_in(browser, base, "admin@article3.local")
    browser.get(overview)
    _submit(browser, browser.find_element(By.CSS_SELECTOR, "#next-deadline a"))
    assert browser.current_url.endswith(f"/deadlines/#deadline-{deadline.pk}")
    assert target().startswith("TR ") and deadline.label in target()

    browser.get(overview)
    _submit(browser, browser.find_element(By.CSS_SELECTOR, "#high-findings a"))
    assert "/gaps/#c-" in browser.current_url and target().startswith("TR ") and "Gap report" in target()

    browser.get(overview)
    _submit(browser, browser.find_element(By.CSS_SELECTOR, "#open-conflicts a"))
    WebDriverWait(browser, 10).until(lambda b: "/chronology/events/e-arrest-2019/#c-" in b.current_url)
    found = target()
    assert found.startswith("ARTICLE ") and "Medical report p.1" in found and "Arrested" in found


@pytest.mark.django_db(transaction=True)
def test_import_a_case_package_and_keep_a_report_file_through_a_form_error(
    browser: webdriver.Chrome, live_server: object, tmp_path: Any
) -> None:
    """An attorney imports a colleague's case package from the dashboard and lands on the case; then
    imports a country report, mistypes the date, and imports it without choosing the file again."""
    from article3.accounts.services import user_create
    from article3.cases.models import Case
    from article3.cases.services import case_create
    from article3.coi.models import Report
    from article3.interchange.exporter import case_export
    from tests.coi import fixtures

    elsewhere = Organisation.objects.create(slug="elsewhere", name="Elsewhere")
    colleague = user_create(actor="test", organisation=elsewhere, email="colleague@example.org", role="attorney",
                            password=PASSWORD)
    sent = case_create(actor=colleague, organisation=elsewhere, reference="P-2026-7", forum="us-eoir",
                       country_of_return="CM", applicant_name="Paul Mbah", owner_id=colleague.pk)
    package = tmp_path / "P-2026-7.zip"
    case_export(actor="test", case=Case.objects.get(pk=sent.pk), out=package)  # as read from the database
    report = tmp_path / "crackdown.html"
    report.write_text(fixtures.HTML_PAGE)
    org = Organisation.objects.create(slug="default", name="Default")
    user_create(actor="test", organisation=org, email="lawyer@article3.local", role="attorney", password=PASSWORD)
    base = live_server.url  # type: ignore[attr-defined]

    _sign_in(browser, base, "lawyer@article3.local")
    _submit(browser, browser.find_element(By.LINK_TEXT, "Import a case package"))
    browser.find_element(By.ID, "id_package").send_keys(str(package))
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Import the case']"))
    imported = Case.objects.get(organisation=org, reference="P-2026-7")
    assert browser.current_url == f"{base}/cases/{imported.public_id}/"
    assert "P-2026-7" in browser.find_element(By.TAG_NAME, "h1").text and "Paul Mbah" in browser.page_source

    browser.get(f"{base}/coi/import/")
    browser.find_element(By.ID, "id_file").send_keys(str(report))
    browser.find_element(By.ID, "id_countries").send_keys("CM")
    browser.find_element(By.ID, "id_publisher").send_keys("Rights Monitor")
    browser.find_element(By.ID, "id_date").send_keys("last spring")
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Import']"))
    assert "File kept: crackdown.html" in browser.find_element(By.ID, "file-kept").text
    assert browser.find_element(By.ID, "id_publisher").get_attribute("value") == "Rights Monitor"
    date = browser.find_element(By.ID, "id_date")
    date.clear()
    date.send_keys("2024-05")
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Import']"))
    imported_report = Report.objects.get(organisation=org)
    assert imported_report.original_name == "crackdown.html"
    assert "/coi/import/" in browser.current_url, "the form leads to the import's own page"
    _submit(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Open “"))
    assert f"/coi/?report={imported_report.pk}" in browser.current_url
@pytest.mark.django_db(transaction=True)
def test_a_report_import_shows_its_progress_then_the_report(browser: webdriver.Chrome, live_server: object,
                                                           tmp_path: Any, settings: Any) -> None:
    """The import form hands the file to the worker: the page says it waits, follows it while the
    worker reads it, and then offers the report."""
    from django.core.management import call_command
    from selenium.webdriver.support.ui import WebDriverWait

    from article3.accounts.services import user_create
    from article3.coi.models import Report, ReportImport

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # a worker, as in production
    org = Organisation.objects.create(slug="default", name="Default")
    user_create(actor="test", organisation=org, email="admin@article3.local", role="admin", password=PASSWORD)
    report = tmp_path / "detention-2025.txt"
    report.write_text("Detention in Cameroon\n\nSecurity forces held returnees without charge in Douala.\n\n"
                      "Torture in gendarmerie custody remained widespread.\n")
    base = live_server.url  # type: ignore[attr-defined]
    _sign_in(browser, base, "admin@article3.local")
    browser.get(f"{base}/coi/import/")
    browser.find_element(By.NAME, "file").send_keys(str(report))
    browser.find_element(By.NAME, "countries").send_keys("CM")
    browser.find_element(By.NAME, "title").send_keys("Detention in Cameroon 2025")
    _submit(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))

    wait = WebDriverWait(browser, 30)
    wait.until(lambda b: "/coi/import/" in b.current_url and b.find_elements(By.ID, "import-progress"))
    status = browser.execute_script("return document.getElementById('import-status').textContent")
    assert status == "Waiting its turn" and not Report.objects.exists(), "nothing read inside the request"
    assert ReportImport.objects.get().status == "queued"

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)  # the worker takes it
    wait.until(lambda b: b.find_elements(By.ID, "import-result"))
    assert browser.execute_script("return document.getElementById('import-result').textContent") == "Imported."
    browser.find_element(By.PARTIAL_LINK_TEXT, "Detention in Cameroon 2025").click()
    wait.until(lambda b: "?report=" in b.current_url)
    assert "Torture in gendarmerie custody remained widespread." in browser.page_source


@pytest.mark.django_db(transaction=True)
def test_page_through_a_long_audit_log_with_a_filter(browser: webdriver.Chrome, live_server: object) -> None:
    from selenium.webdriver.support.ui import Select

    from article3.accounts.services import user_create
    from article3.audit.services import audit_record
    from article3.cases.models import Case
    from article3.demo import demo_load

    org = Organisation.objects.create(slug="default", name="Default")
    admin = user_create(actor="test", organisation=org, email="admin@article3.local", role="admin", password=PASSWORD)
    demo_load(actor="test", organisation=org)
    case = Case.objects.get(reference="DEMO-2026-001")
    for actor in ["cli:clerk"] * 20 + [admin] * 130:  # someone else's views first, the oldest
        audit_record(actor=actor, action="cases.page.viewed", obj=case, object_key="people",
                     organisation_id=org.pk, case_id=case.pk)
    base = live_server.url  # type: ignore[attr-defined]

    _sign_in(browser, base, "admin@article3.local")
    browser.get(f"{base}/cases/{case.public_id}/")
    _submit(browser, browser.find_element(By.LINK_TEXT, "Audit log"))
    Select(browser.find_element(By.ID, "audit-actor")).select_by_visible_text("admin@article3.local")
    Select(browser.find_element(By.ID, "audit-kind")).select_by_visible_text("Viewed")
    _submit(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]"))
    assert "Showing 1 to 100, newest first" in browser.page_source
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.audit tbody tr")) == 100

    _submit(browser, browser.find_element(By.LINK_TEXT, "Older entries"))
    assert "Page 2 of 2" in browser.page_source and "kind=viewed" in browser.current_url
    assert Select(browser.find_element(By.ID, "audit-kind")).first_selected_option.text == "Viewed"
    who = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "table.audit tbody td:nth-child(2)")]
    assert len(who) >= 30 and set(who) == {"admin@article3.local"}, "the second page keeps both filters"
    _submit(browser, browser.find_element(By.LINK_TEXT, "Newer entries"))
    assert "Showing 1 to 100, newest first" in browser.page_source
