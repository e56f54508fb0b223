"""In Chromium with JavaScript switched off, in Spanish: a person starts the self-help interview, saves and
stops, comes back with the code, answers every question, reads the summary in Spanish and English and
makes the package encrypted to a lawyer's key. The lawyer decrypts it with their identity and imports
it into another instance (its own data folder and database), where the case carries the answers."""

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation
from pyrage import x25519
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

from article3.accounts.models import Organisation
from tests.security.live import article3, article3_json, environment, migrated

ANSWERS = {
    "name": {"name": "Amina Canario"},
    "other-names": {"other_names": "Ami"},
    "birth": {"birth_date": "1990-04"},
    "nationality": {"nationality": "CM"},
    "country": {"country_of_return": "CM"},
    "dialect": {"interpreter_dialect": "Pidgin de Camerún"},
    "detained": {"detained": "yes"},
    "forum": {"forum": "generic"},
    "history": {"text": "Fui maestra en Bamenda y miembro de una asociación de padres."},
    "why": {"text": "Me acusan de apoyar a los separatistas."},
    "harms": {"description": "Los soldados me golpearon en el campamento.", "date": "2023-05", "place": "Bamenda",
              "who": "Soldados del ejército"},
    "threats": {"description": "Un mensaje de voz diciendo que me matarían.", "date": "2023-07", "place": "",
                "who": ""},
    "agents": {"description": "El Batallón de Intervención Rápida", "official": "yes",
               "link_to_officials": "Es una unidad del ejército."},
    "protection": {"body": "police", "date": "2023-06", "description": "Denuncié la paliza.",
                   "outcome": "retaliation", "consequence": "Me detuvieron otra vez una semana."},
    "no-protection": {"text": "La policía trabaja con los soldados."},
    "family": {"name": "Hermana Canario", "relation": "hermana", "notes": "La buscaron en su casa."},
    "documents": {"text": "Una citación de la gendarmería, con mi madre en Douala."},
}


def _es(text: str) -> str:
    with translation.override("es"):
        return translation.gettext(text)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    assert chromium and driver, "install Debian's chromium and chromium-driver (make install does)"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 "--lang=es"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "profile.managed_default_content_settings.javascript": 2,
        "intl.accept_languages": "es",
        "download.default_directory": str(tmp_path / "downloads"),
        "download.prompt_for_download": False,
    })
    chrome = webdriver.Chrome(service=Service(driver), options=options)
    chrome.set_page_load_timeout(30)
    yield chrome
    chrome.quit()


def _press(browser: webdriver.Chrome, button: WebElement) -> None:
    """Press a button or follow a link and wait for the next page (no script of ours runs in the page)."""
    old = browser.find_element(By.TAG_NAME, "html")
    button.click()

    def replaced(_: webdriver.Chrome) -> bool:
        try:
            old.is_enabled()
        except WebDriverException:  # stale, or (mid-navigation) a node of a document that is gone
            return True
        return False

    WebDriverWait(browser, 30).until(replaced)


def _button(browser: webdriver.Chrome, text: str) -> WebElement:
    return browser.find_element(By.XPATH, f"//main//button[normalize-space()='{_es(text)}'] | "
                                          f"//main//a[normalize-space()='{_es(text)}']")


def _answer(browser: webdriver.Chrome, slug: str) -> None:
    assert browser.current_url.endswith(f"/help/q/{slug}/"), (slug, browser.current_url)
    for name, value in ANSWERS[slug].items():
        field = browser.find_element(By.NAME, name) if name not in ("official", "body", "outcome", "detained",
                                                                    "forum") else None
        if field is None:
            browser.find_element(By.CSS_SELECTOR, f"input[name={name}][value='{value}']").click()
        elif field.tag_name == "select":
            Select(field).select_by_value(value)
        else:
            field.clear()
            field.send_keys(value)


@pytest.mark.django_db(transaction=True)
def test_the_interview_in_spanish_without_javascript_ends_in_a_package_another_instance_imports(
        browser: webdriver.Chrome, live_server: object, tmp_path: Path, settings: object) -> None:
    from article3.selfhelp.steps import STEPS

    base = live_server.url  # type: ignore[attr-defined]
    org = Organisation.objects.create(slug="ayuda", name="Ayuda Legal Ejemplo")
    settings.ARTICLE3_SELF_HELP_ORG = org.slug  # type: ignore[attr-defined]

    browser.get("data:text/html,<title>off</title><script>document.title='on'</script>")
    assert browser.title == "off", "JavaScript is switched off in this browser"

    browser.get(f"{base}/help/")
    assert browser.find_element(By.TAG_NAME, "h1").text == _es("Prepare your case") != "Prepare your case"
    assert browser.find_element(By.CSS_SELECTOR, "input[name=language][value=es]").is_selected()
    _press(browser, _button(browser, "Start"))
    code = browser.find_element(By.CSS_SELECTOR, ".code").text
    _press(browser, _button(browser, "I wrote it down. Start the questions."))

    _answer(browser, "name")
    _press(browser, _button(browser, "Save and go on"))
    _answer(browser, "other-names")
    _press(browser, browser.find_element(By.CSS_SELECTOR, "main button[name=stop]"))
    assert browser.find_element(By.TAG_NAME, "h1").text == _es("Your answers are saved")
    browser.get(f"{base}/help/q/name/")
    assert browser.current_url == f"{base}/help/", "this browser no longer holds the interview"

    browser.get(f"{base}/help/resume/")
    browser.find_element(By.NAME, "code").send_keys(code.lower())
    _press(browser, _button(browser, "Continue"))
    for step in STEPS[2:]:
        _answer(browser, step.slug)
        _press(browser, _button(browser, "Save and go on"))
    assert browser.current_url == f"{base}/help/review/"
    assert "Amina Canario" in browser.page_source and "Ami" in browser.page_source

    _press(browser, _button(browser, "Print my answers"))
    sections = browser.find_elements(By.CSS_SELECTOR, ".summary section")
    assert [s.get_attribute("lang") for s in sections] == ["es", "en"]
    assert _es("What is your full name?") in sections[0].text and "What is your full name?" in sections[1].text
    for section in sections:
        assert "Los soldados me golpearon en el campamento." in section.text
    _press(browser, _button(browser, "Back to my answers"))

    identity = x25519.Identity.generate()
    _press(browser, _button(browser, "Make a package for a lawyer"))
    browser.find_element(By.NAME, "key").send_keys("age1wrong")
    _press(browser, _button(browser, "Make the package"))
    refused = _es("This key is not right. A key starts with age1 and has no spaces. Ask the lawyer or organisation "
                  "to send it to you again.")
    assert refused.startswith("Esta clave no es correcta") and refused in browser.page_source
    key = browser.find_element(By.NAME, "key")
    key.clear()
    key.send_keys(str(identity.to_public()))
    _button(browser, "Make the package").click()
    package = _downloaded(tmp_path / "downloads")
    assert package.name.endswith(".article3.age") and package.read_bytes().startswith(b"age-encryption.org/v1\n")

    browser.get(f"{base}/help/review/")
    _press(browser, browser.find_element(By.XPATH, f"//footer//button[normalize-space()="
                                                   f"'{_es('Finish and clear this device')}']"))
    assert browser.find_element(By.TAG_NAME, "h1").text == _es("This device is clear")

    # The lawyer's own instance: another data folder, another database.
    other = environment(migrated(tmp_path / "lawyer"))
    (tmp_path / "lawyer.key").write_text(f"# the lawyer's identity\n{identity}\n")
    article3(other, "case", "decrypt", str(package), str(tmp_path / "package.zip"),
             "--identity", str(tmp_path / "lawyer.key"))
    imported = article3_json(other, "case", "import", str(tmp_path / "package.zip"))
    record = article3_json(other, "case", "show", imported["reference"])
    assert record["applicant"]["name"] == "Amina Canario"
    assert record["applicant"]["birth_date"] == "1990-04"
    assert record["case"]["country_of_return"] == "CM" and record["case"]["detained"] is True
    assert [e["description"] for e in record["events"]] == ["Los soldados me golpearon en el campamento.",
                                                             "Un mensaje de voz diciendo que me matarían."]
    assert record["feared_agents"][0]["official"] is True
    assert record["domestic_remedies"][0]["consequence"] == "Me detuvieron otra vez una semana."
    assert record["people"][0]["name"] == "Hermana Canario" and record["people"][0]["at_risk"] is True
    assert record["safety_plan"]["originals_location"] == "Una citación de la gendarmería, con mi madre en Douala."


def _downloaded(folder: Path) -> Path:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = [p for p in folder.glob("*") if not p.name.endswith(".crdownload")] if folder.exists() else []
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError("the package was not downloaded")
