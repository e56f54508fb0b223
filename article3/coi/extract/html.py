"""Web pages: the article, without navigation, cookie banners, sharing buttons and footers."""

from __future__ import annotations

import datetime
import re

from lxml import etree
from lxml import html as lxml_html

from article3.coi.extract import Block, Extracted, normalise
from article3.errors import DomainError

_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "form", "button", "nav",
              "footer", "aside", "dialog", "select", "object", "embed", "canvas", "video", "audio")
_DROP_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "dialog", "alertdialog",
               "menu", "menubar", "toolbar"}
# Words in an element's id or class that mark page furniture rather than the article.
_BOILERPLATE = re.compile(
    r"(^|[-_\s])(cookies?|consent|gdpr|cmp|banner|navbar|nav|menu|breadcrumbs?|sidebar|share|sharing|social|"
    r"newsletter|subscribe|skip|advert|ads?|promo|related|masthead|site-header|site-footer|footer|popup|modal)"
    r"($|[-_\s])",
    re.IGNORECASE,
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {"p", "li", "blockquote", "pre", "dd", "dt", "figcaption", "tr", "address", "caption"}
_CONTAINERS = {"div", "section", "article", "main", "body"}


def html_extract(data: bytes) -> Extracted:
    try:
        document = lxml_html.document_fromstring(data)
    except (etree.ParserError, ValueError) as exc:
        raise DomainError("This web page could not be read.") from exc
    title = _meta_title(document)
    language = (document.get("lang") or "").split("-")[0].lower()
    published = _meta_date(document)
    _strip(document)
    root = _content_root(document)
    blocks = list(_walk(root))
    if not blocks:
        raise DomainError("This web page has no text once its navigation and banners are removed.")
    return Extracted(file_type="html", blocks=blocks, title=title, language=language, date=published)


def _meta_title(document: lxml_html.HtmlElement) -> str:
    for path in ('//meta[@property="og:title"]/@content', "//title/text()", "//h1//text()"):
        found = document.xpath(path)
        if found:
            return normalise(" ".join(str(part) for part in found))[:500]
    return ""


def _meta_date(document: lxml_html.HtmlElement) -> datetime.date | None:
    paths = ('//meta[@property="article:published_time"]/@content', '//meta[@name="date"]/@content',
             '//meta[@name="dcterms.date"]/@content', "//time/@datetime")
    for path in paths:
        for value in document.xpath(path):
            try:
                return datetime.date.fromisoformat(str(value)[:10])
            except ValueError:
                continue
    return None


def _is_boilerplate(element: lxml_html.HtmlElement) -> bool:
    if element.tag in _DROP_TAGS or element.get("hidden") is not None:
        return True
    if element.get("aria-hidden") == "true" or element.get("aria-modal") == "true":
        return True
    if (element.get("role") or "").lower() in _DROP_ROLES:
        return True
    if element.tag == "header" and not _inside_article(element):
        return True
    marks = f"{element.get('id') or ''} {element.get('class') or ''}"
    return element.tag not in ("html", "body", "main", "article") and bool(_BOILERPLATE.search(marks))


def _inside_article(element: lxml_html.HtmlElement) -> bool:
    return any(parent.tag in ("article", "main") for parent in element.iterancestors())


def _strip(document: lxml_html.HtmlElement) -> None:
    doomed = [el for el in document.iter() if isinstance(el.tag, str) and _is_boilerplate(el)]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _content_root(document: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    for path in ("//main", '//*[@role="main"]', "//article", "//body"):
        found = document.xpath(path)
        if found:
            return found[0]
    return document


def _walk(element: lxml_html.HtmlElement) -> list[Block]:
    """Headings and leaf blocks in document order; runs of inline text between blocks are kept too."""
    out: list[Block] = []
    run = [element.text or ""]
    for child in element:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag and _is_block(child, tag):
            out.extend(_flush(run))
            out.extend(_block(child, tag))
            run = []
        elif tag:
            run.append(child.text_content())
        run.append(child.tail or "")
    out.extend(_flush(run))
    return out


def _is_block(element: lxml_html.HtmlElement, tag: str) -> bool:
    return tag in _HEADINGS or tag in _BLOCKS or tag in _CONTAINERS or _has_blocks(element)


def _block(element: lxml_html.HtmlElement, tag: str) -> list[Block]:
    if tag in _HEADINGS:
        return [Block(text=element.text_content(), level=_HEADINGS[tag])]
    if tag == "tr":
        cells = [normalise(cell.text_content()) for cell in element if isinstance(cell.tag, str)]
        return [Block(text=" | ".join(cell for cell in cells if cell))]
    if not _has_blocks(element):
        return [Block(text=element.text_content())]
    return _walk(element)


def _flush(run: list[str]) -> list[Block]:
    text = normalise("".join(run))
    return [Block(text=text)] if text else []


def _has_blocks(element: lxml_html.HtmlElement) -> bool:
    wanted = _BLOCKS | set(_HEADINGS) | _CONTAINERS
    return any(isinstance(el.tag, str) and el.tag.lower() in wanted for el in element.iterdescendants())
