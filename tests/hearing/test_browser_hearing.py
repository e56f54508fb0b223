"""In Chromium: an attorney records the client's answer to the conflict question, approves it, and finds the
explanation in the gap report and in the declaration draft."""

import base64
import io

import pytest
from docx import Document as open_docx
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from article3.accounts.models import Organisation
from tests.conftest import PASSWORD
from tests.test_browser import _sign_in, _submit, browser  # noqa: F401  (the fixture)

ANSWER = "The doctor examined me in April and wrote that month, not the month I was held."
# Reads the generated file in the signed-in page, so the browser's own session fetches it.
FETCH = """
const done = arguments[arguments.length - 1];
fetch(arguments[0]).then(r => r.arrayBuffer()).then(b => {
  let s = ""; new Uint8Array(b).forEach(c => s += String.fromCharCode(c)); done(btoa(s));
}).catch(e => done("error: " + e));
"""


def _open_demo_hearing(browser: webdriver.Chrome, live_server: object) -> None:  # noqa: F811
    """The demo case's hearing page, signed in as the organisation's admin."""
    from article3.accounts.services import user_create
    from article3.cases.models import Case
    from article3.demo import demo_load

    org = Organisation.objects.create(slug="default", name="Default")
    user_create(actor="test", organisation=org, email="admin@article3.local", role="admin", password=PASSWORD)
    demo_load(actor="test", organisation=org)
    case = Case.objects.get(reference="DEMO-2026-001")
    base = live_server.url  # type: ignore[attr-defined]
    _sign_in(browser, base, "admin@article3.local")
    browser.get(f"{base}/cases/{case.public_id}/hearing/")


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in open_docx(io.BytesIO(data)).paragraphs)


@pytest.mark.django_db(transaction=True)
def test_answer_approve_and_see_the_explanation(browser: webdriver.Chrome, live_server: object) -> None:  # noqa: F811
    from article3.accounts.services import user_create
    from article3.bundles.services import bundle_request, bundle_run
    from article3.cases.models import Case
    from article3.demo import demo_load
    from article3.evidence.services import document_process
    from article3.hearing.questions import preparation

    org = Organisation.objects.create(slug="default", name="Default")
    user_create(actor="test", organisation=org, email="admin@article3.local", role="admin", password=PASSWORD)
    demo_load(actor="test", organisation=org)
    case = Case.objects.get(reference="DEMO-2026-001")
    for document in case.documents.all():
        document_process(document=document, ocr=False)
    build = bundle_run(build=bundle_request(actor="test", case=case, profile="us-eoir", queue=False))
    [question] = [q for q in preparation(case=case).questions if q.finding.code == "date_conflict"]
    declaration_start = build.page_map["documents"]["d-declaration"]["start"]
    base = live_server.url  # type: ignore[attr-defined]

    _sign_in(browser, base, "admin@article3.local")
    browser.get(f"{base}/cases/{case.public_id}/")
    _submit(browser, browser.find_element(By.LINK_TEXT, "Hearing"))
    item = browser.find_element(By.ID, f"q-{question.id}")
    assert f"Exh. A p. {declaration_start} ¶ 14" in item.text
    item.find_element(By.NAME, "answer").send_keys(ANSWER)
    _submit(browser, item.find_element(By.XPATH, ".//button[text()='Record the answer']"))
    assert "Awaiting the attorney's approval." in browser.find_element(By.ID, f"q-{question.id}").text
    _submit(browser, browser.find_element(By.ID, f"q-{question.id}").find_element(
        By.XPATH, ".//button[text()='Approve this answer']"))
    section = browser.execute_script("return document.getElementById('explained-h').parentElement.innerText;")
    assert ANSWER in section

    _submit(browser, browser.find_element(By.LINK_TEXT, "Elements"))
    _submit(browser, browser.find_element(By.LINK_TEXT, "Gap report"))
    assert f"Explained: {ANSWER}" in browser.find_element(By.TAG_NAME, "main").text

    _submit(browser, browser.find_element(By.LINK_TEXT, "Documents"))
    Select(browser.find_element(By.NAME, "kind")).select_by_value("declaration")
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Generate']"))
    WebDriverWait(browser, 120).until(lambda b: b.find_elements(By.LINK_TEXT, "DOCX"))
    link = browser.find_element(By.LINK_TEXT, "DOCX").get_attribute("href")
    browser.set_script_timeout(60)
    fetched = browser.execute_async_script(FETCH, link)
    assert not fetched.startswith("error"), fetched
    text = _docx_text(base64.b64decode(fetched))
    assert "Why some details differ" in text and ANSWER in text


@pytest.mark.django_db(transaction=True)
def test_start_reorder_and_edit_the_outline(browser: webdriver.Chrome, live_server: object) -> None:  # noqa: F811
    _open_demo_hearing(browser, live_server)
    order = "return [...document.querySelectorAll('li[data-topic] h2')].map(h => h.textContent);"
    _submit(browser, browser.find_element(By.LINK_TEXT, "Direct-examination outline"))
    _submit(browser, browser.find_element(By.XPATH, '//button[text()="Start the outline from the forum\'s elements"]'))
    before = browser.execute_script(order)
    assert len(before) >= 2
    first = browser.find_elements(By.CSS_SELECTOR, "li[data-topic]")[0]
    _submit(browser, first.find_element(By.XPATH, ".//button[text()='Move down']"))
    after = browser.execute_script(order)
    assert after[:2] == [before[1], before[0]] and after[2:] == before[2:]
    topic = browser.find_elements(By.CSS_SELECTOR, "li[data-topic]")[0]
    topic.find_element(By.TAG_NAME, "summary").click()
    title = topic.find_element(By.NAME, "title")
    title.clear()
    title.send_keys("What they wanted from him")
    _submit(browser, topic.find_element(By.XPATH, ".//button[text()='Save the topic']"))
    assert browser.execute_script(order)[0] == "What they wanted from him"
    assert "Topic saved." in browser.find_element(By.TAG_NAME, "main").text


@pytest.mark.django_db(transaction=True)
def test_take_a_note_and_record_the_oral_decision(browser: webdriver.Chrome, live_server: object) -> None:  # noqa: F811
    _open_demo_hearing(browser, live_server)
    _submit(browser, browser.find_element(By.LINK_TEXT, "Notes and outcome"))
    note_form = browser.find_element(By.XPATH, "//h2[@id='add-note-h']/following-sibling::form")
    Select(note_form.find_element(By.NAME, "question")).select_by_index(1)
    note_form.find_element(By.NAME, "judge_asked").click()
    note_form.find_element(By.NAME, "text").send_keys("The judge asked why the medical report says April.")
    _submit(browser, note_form.find_element(By.XPATH, ".//button[text()='Save the note']"))
    notes = browser.execute_script("return document.querySelector('ul.notes').innerText;")
    assert "The judge asked why the medical report says April." in notes and "The judge asked this" in notes

    decision_form = browser.find_element(By.XPATH, "//h2[@id='decision-h']/following-sibling::form")
    Select(decision_form.find_element(By.NAME, "trigger")).select_by_value("ij_decision")
    Select(decision_form.find_element(By.NAME, "outcome")).select_by_value("denied")
    _submit(browser, decision_form.find_element(By.XPATH, ".//button[text()='Record the decision']"))
    assert "Decision recorded, with" in browser.find_element(By.TAG_NAME, "main").text
    _submit(browser, browser.find_element(By.LINK_TEXT, "Deadlines"))
    assert "Denied" in browser.find_element(By.TAG_NAME, "main").text


@pytest.mark.django_db(transaction=True)
def test_add_a_witness_and_tick_the_checklist(browser: webdriver.Chrome, live_server: object) -> None:  # noqa: F811
    _open_demo_hearing(browser, live_server)
    _submit(browser, browser.find_element(By.LINK_TEXT, "Witnesses"))
    Select(browser.find_element(By.ID, "person")).select_by_visible_text("Pascal Ndi (Witness)")
    _submit(browser, browser.find_element(By.XPATH, "//button[text()='Add to the witness list']"))
    item = browser.find_element(By.CSS_SELECTOR, "li[data-witness]")
    assert "6 preparation items still open." in item.text
    item.find_element(By.TAG_NAME, "summary").click()
    item.find_element(By.NAME, "speaks_to").send_keys("The official's warning in November 2018")
    for box in item.find_elements(By.NAME, "checklist")[:2]:
        box.click()
    _submit(browser, item.find_element(By.XPATH, ".//button[text()='Save the witness']"))
    text = browser.execute_script("return document.querySelector('li[data-witness]').innerText;")
    assert "4 preparation items still open." in text and "The official's warning in November 2018" in text


@pytest.mark.django_db(transaction=True)
def test_tick_an_item_of_the_hearing_checklist(browser: webdriver.Chrome, live_server: object) -> None:  # noqa: F811
    _open_demo_hearing(browser, live_server)
    row = ("return [...document.querySelectorAll('tr[data-item]')]"
           ".find(r => r.innerText.includes('Original')).innerText;")
    _submit(browser, browser.find_element(By.LINK_TEXT, "Checklist"))
    assert "Practice: no rule cited" in browser.execute_script(row)
    button = browser.find_element(By.CSS_SELECTOR, "button[aria-label^='Mark as done: Original documents']")
    _submit(browser, button)
    assert "Done ✓" in browser.execute_script(row)
