"""Every page of the interview works without JavaScript and weighs under 100 KB with its styles."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from article3.accounts.models import Organisation
from article3.selfhelp.steps import STEPS
from tests.selfhelp.conftest import start
from tests.selfhelp.flow import answer_all

LIMIT = 100 * 1024
STYLESHEET = re.compile(r'<link rel="stylesheet" href="/static/([^"]+)"')


def weight(html: str) -> int:
    total = len(html.encode())
    for name in STYLESHEET.findall(html):
        found = finders.find(name)
        assert found, name
        total += Path(str(found)).stat().st_size
    return total


def check(html: str, where: str) -> None:
    assert "<script" not in html.lower(), where
    assert not re.search(r"<[^>]+\son[a-z]+=", html), f"{where}: an inline event handler"
    assert weight(html) < LIMIT, f"{where} weighs {weight(html)} bytes"
    assert 'class="notice" role="note"' in html, f"{where}: the not-legal-advice notice"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_every_page_is_light_and_has_no_script(host: Organisation, language: str) -> None:
    client = Client()
    check(client.get(f"/help/?lang={language}").content.decode(), "start")
    check(client.get("/help/resume/").content.decode(), "resume")
    check(client.post("/help/", {"language": language}).content.decode(), "code")
    answer_all(client)
    for step in STEPS:
        response = client.get(f"/help/q/{step.slug}/")
        assert response.status_code == 200
        check(response.content.decode(), step.slug)
    for page in ("review", "summary", "package", "hand-over", "words", "deadlines"):
        response = client.get(f"/help/{page}/")
        assert response.status_code == 200, page
        check(response.content.decode(), page)
    check(client.post("/help/stop/").content.decode(), "stop")
    check(client.post("/help/clear/").content.decode(), "clear")


@pytest.mark.django_db
def test_right_to_left_languages_are_set_right_to_left(host: Organisation) -> None:
    client = Client()
    start(client, "fa")
    assert 'dir="rtl"' in client.get("/help/q/name/").content.decode()


@pytest.mark.django_db
def test_questions_link_the_words_they_use_to_the_glossary(host: Organisation) -> None:
    client = Client()
    start(client, "en")
    page = client.get("/help/q/harms/").content.decode()
    assert 'href="/help/words/#torture"' in page
    assert 'id="torture"' in client.get("/help/words/").content.decode()


@pytest.mark.django_db
def test_the_deadlines_are_the_forums_with_their_source_and_unverified_marked(host: Organisation) -> None:
    client = Client()
    start(client, "en")
    client.post("/help/q/forum/", {"forum": "un-cat"})
    page = client.get("/help/deadlines/").content.decode()
    assert "Individual communication to the Committee" in page
    assert "CAT/C/3/Rev.6 r.113(f)" in page and "unverified" in page
