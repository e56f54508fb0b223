"""Every page of the demo case reads in a lawyer's words: no element or finding codes, record keys,
`user:N`, forum or country codes.

The crawl starts at the case overview and follows every link that stays inside the case (and the
country information library opened for the case), so pages added later are covered without a list.
"""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client

from article3.cases.models import Case
from article3.evidence.services import document_update

# Text inside these elements is meant to show code (a command to type, a file's raw text).
CODE_TAGS = {"code", "pre", "kbd", "samp", "script", "style", "template", "textarea"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Records keys look like `d-1`, `e-arrest-2019#1`, `p-brother`; `e-mail` is a word.
KEY = re.compile(r"(?<![\w/.-])[a-z]-[a-z0-9]+(?:-[a-z0-9]+)*(?:#[\w-]+)?(?![\w/-])")
SNAKE = re.compile(r"(?<![\w/.@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/.-])")
REF = re.compile(r"\b(?:user|interview|ocr|document|event|fact|person)[:#]\d+\b")
FORUM = re.compile(r"\b(?:us[-_]eoir|ca[-_]irb|uk[-_]ftt|un[-_]cat|echr|generic)\b")
WORDS = {"e-mail", "e-mails", "e-filing", "x-ray", "x-rays", "t-shirt", "re-run", "re-open", "co-op", "pre-hearing"}
MAX_PAGES = 400


class VisibleText(HTMLParser):
    """The text a person sees: text nodes and button labels, outside code blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.stack: list[str] = []
        self.chunks: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.chunks.append(values["value"] or "")
        if tag in VOID_TAGS:
            return
        self.stack.append(tag)
        self.hidden += tag in CODE_TAGS

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return
        while self.stack:
            opened = self.stack.pop()
            self.hidden -= opened in CODE_TAGS
            if opened == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.hidden and data.strip():
            self.chunks.append(data)


def internal_codes(text: str, *, country: str) -> list[str]:
    found = [m for m in KEY.findall(text) if m not in WORDS]
    found += SNAKE.findall(text) + REF.findall(text) + FORUM.findall(text)
    found += re.findall(rf"(?<![\w-]){re.escape(country)}(?![\w-])", text)
    return sorted(set(found))


def crawl(client: Client, case: Case) -> tuple[int, dict[str, list[str]]]:
    """Visit every HTML page reachable from the overview within the case: how many, and the codes each shows."""
    start = f"/cases/{case.public_id}/"
    queue, seen, problems = deque([start]), {start}, {}
    while queue:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = VisibleText()
        page.feed(response.content.decode())
        codes = internal_codes(" ".join(page.chunks), country=case.country_of_return)
        if codes:
            problems[url] = codes
        for href in page.links:
            link = urldefrag(href).url
            parts = urlsplit(link)
            inside = parts.path.startswith(start) or str(case.public_id) in parts.query
            if inside and not parts.netloc and link not in seen and len(seen) < MAX_PAGES:
                seen.add(link)
                queue.append(link)
    assert len(seen) < MAX_PAGES, "the crawl stopped early: raise MAX_PAGES"
    return len(seen), problems


def test_the_patterns_catch_what_they_are_meant_to() -> None:
    text = "Refers to d-1, e-arrest-2019#1 and user:1 (ocr:1 pages); past_torture; us_eoir; e-mail; Cameroon"
    assert internal_codes(text, country="CM") == ["d-1", "e-arrest-2019#1", "ocr:1", "past_torture", "us_eoir",
                                                  "user:1"]
    assert internal_codes("Forum: us-eoir, country CM", country="CM") == ["CM", "us-eoir"]
    parsed = VisibleText()
    parsed.feed("<p>Run <code>article3 case_check</code><input type=submit value='Save d-1'></p>")
    assert internal_codes(" ".join(parsed.chunks), country="CM") == ["d-1"]


@pytest.mark.django_db
def test_every_page_of_the_demo_case_reads_without_internal_codes(demo_case: Case, as_alice: Client,
                                                                   alice: User) -> None:
    # The attorney has edited a document, so its history names a person and the fields changed.
    medical = demo_case.documents.get(key="d-medical")
    document_update(actor=alice, document=medical, expected_version=medical.version,
                    changes={"translator_competence": "Fluent in French", "title": medical.title})
    visited, problems = crawl(as_alice, demo_case)
    assert visited > 30, "the crawl reaches the case's tabs and the pages they link to"
    assert problems == {}
