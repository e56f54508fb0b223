"""The extraction assistant: proposes dated statements found in a document's text.

It reads page texts (from a PDF text layer or OCR), splits them into paragraphs and sentences,
and proposes each date it finds, with the sentence, where it is, and a guess at the kind of
event. A person accepts, corrects or ignores each proposal; nothing enters the chronology without their decision.

Dates are found with ``dateparser`` in the document's language, then filtered and read again
here, because a proposal must not be more precise than the text: "March 2019" is a month, not
26 March 2019, and "about May 2018" is approximate. A date written without a year ("on 3
June") takes the most recent year written before it in the document, and is dropped when no
year came before: a year guessed from today's date would be wrong for past events.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from dateparser.data import language_order
from dateparser.date import DateDataParser
from dateparser.languages.loader import default_loader
from dateparser.search import search_dates

from article3.chronology.dates import DateFormatError, DatePoint, FuzzyDate

_SETTINGS: dict[str, Any] = {
    "PREFER_DATES_FROM": "past",
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
}
# fmt: off
_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
# fmt: on
# Languages whose month names are checked when the document's language is unknown.
_FALLBACK_LANGUAGES = ("en", "fr", "es", "pt", "de", "it", "tr", "ru")
_YEARS = range(1800, 2200)

_YEAR_RE = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")
_YEAR_ONLY_RE = re.compile(r"1[89]\d\d|2[01]\d\d")
_NUMERIC_DATE_RE = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})\b")
# Words dateparser keeps around a date ("on 14 March 2019 and"), trimmed from date_text.
# fmt: off
_EDGE_WORDS = frozenset({
    "on", "in", "at", "of", "the", "and", "to", "from", "since", "until", "by", "between",
    "around", "about", "le", "la", "les", "l", "en", "du", "de", "des", "d", "au", "aux", "a",
    "et", "depuis", "dans", "vers", "el", "los", "las", "del", "y",
})
# fmt: on
_APPROX_RE = re.compile(
    r"\b(?:around|about|approximately|approx|circa|ca|c|roughly|some ?time|early|late|mid|"
    r"towards?|the (?:end|beginning|start|middle)|vers|environ|autour|alentours|environs|"
    r"approximativement|a peu pres|debut|fin|mi|courant|hacia|alrededor|aproximadamente|"
    r"finales|principios|mediados|cerca)"
    r"(?:\s+(?:in|of|the|en|de|du|d|le|la|l|del|el|a|around))*\s*$"
)
# "14 to 19 March 2019", "du 14 au 19 mars 2019", "between 14 and 19 March": the first day.
_RANGE_START_RE = re.compile(
    r"(?:\b(?:from|between|du|entre|del|de)\s+)?(?:the\s+|le\s+)?"
    r"\b(\d{1,2})(?:st|nd|rd|th|er)?\s*(?:-|\u2013|\u2014|to|until|till|and|au|a|\u00e0|et|al|y)\s*"
    r"(?:the\s+|le\s+)?$",
    re.IGNORECASE,
)
# What joins the two ends of a range written out in full: "May to August 2016".
_RANGE_WORDS = frozenset({
    "to", "until", "till", "through", "-", "\u2013", "\u2014",
    "au", "a", "jusqu'au", "jusqu\u2019au", "al", "hasta", "hasta el", "a el",
})
# "and" makes a range only after "between": "between May and August 2016", not "2014 and May 2015".
_AND_WORDS = frozenset({"and", "et", "y", "y el"})
_BETWEEN_RE = re.compile(r"\b(?:between|entre)\s+(?:the\s+|le\s+|el\s+)?$")
_SENTENCE_END_RE = re.compile(r"[.!?\u2026]+[\"'\u00bb\u201d\u2019)\]]*\s+")
# fmt: off
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "st", "no", "nr", "p", "pp", "para", "art", "cf", "vs", "m", "mme",
    "mlle", "me", "mgr", "n", "c", "ca", "approx", "fig", "vol", "ch", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "av", "bd",
})
# fmt: on

# Keywords by kind, accent-stripped and case-folded, in English, French and Spanish. When a
# sentence matches several kinds the first in this order wins: a sentence about a release
# usually mentions the detention too, a complaint often mentions what it was about, an
# examination describes the injuries it found.
_KIND_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "release",
        r"releas(?:e|ed|ing)|freed|set free|let (?:me|him|her|us|them) go|escaped from|"
        r"libere|liberee|liberation|relache|remis en liberte|liberado|liberada|libertad",
    ),
    (
        "departure",
        r"left (?:the|my|our) country|fled|flee|escaped the country|went into exile|"
        r"quitte (?:le|mon|notre) pays|fui|enfui|pris la fuite|exil|"
        r"sali del pais|hui|huimos",
    ),
    (
        "arrival",
        r"arrived (?:in|at the airport)|arrival in|landed (?:in|at)|entered the|"
        r"arrivee? (?:en|au|aux|a|sur)|entree? (?:en|au|aux|sur le territoire)|llegue a",
    ),
    (
        "domestic_remedy",
        r"complaint|police report|reported (?:it|this|the \w+) to|filed a report|"
        r"lodged|ombudsman|human rights commission|prosecutor|"
        r"plainte|main courante|procureur|mediateur|denuncia|queja|fiscal",
    ),
    (
        "detention",
        r"arrest(?:ed)?|detain(?:ed)?|detention|imprison(?:ed)?|jail(?:ed)?|custody|"
        r"held (?:in|at|by|for|incommunicado|between|from)|"
        r"arrete|arretee|arrestation|detenu|detenue|incarcere|emprisonne|garde a vue|"
        r"interpelle|enferme|detenido|detenida|arrestado|detencion|encarcelado",
    ),
    (
        # Before harm: a medical report's examination date sits in a sentence about injuries.
        "medical",
        r"examined|examination|medical (?:evaluation|report|certificate|assessment)|forensic|"
        r"(?:assessed|evaluated|seen) by (?:a |the |dr\.? )|consultation|"
        r"examine|examinee|examen medical|certificat medical|expertise medicale|"
        r"examinado|examinada|examen medico|evaluacion medica|certificado medico",
    ),
    (
        "harm",
        r"beat(?:en|ing)?|tortur(?:e|ed|ing)|kick(?:ed)?|whipp(?:ed)?|burn(?:ed|t)|rap(?:e|ed)|"
        r"assault(?:ed)?|stabbed|shot|injur(?:ed|ies|y)|wounded|electric shocks?|"
        r"battu|battue|frappe|frappee|coups|torture|violee?|blesse|blessee|brule|agresse|"
        r"golpeado|golpeada|torturado|torturada|violada|herido|herida",
    ),
    (
        "threat",
        r"threat(?:s|en|ened|ening)?|intimidat\w*|warned|summon(?:s|ed)?|"
        r"menace\w*|intimide\w*|convoque\w*|amenaz\w*",
    ),
)
_KIND_RES = tuple((kind, re.compile(rf"\b(?:{words})\b")) for kind, words in _KIND_PATTERNS)


@dataclass(frozen=True)
class Proposal:
    """A dated sentence a person may turn into an event or an account."""

    page: int  # 1-based
    paragraph: int  # 1-based within the page
    sentence: str
    date: FuzzyDate
    date_text: str  # the words of the sentence that give the date
    kind_guess: str | None


@dataclass(frozen=True)
class _Found:
    date: FuzzyDate
    text: str
    explicit_year: bool


def propose_statements(*, pages: Sequence[str], language: str | None,
                       progress: Callable[[int, int], None] | None = None) -> list[Proposal]:
    """Every date found in the pages, in reading order, with its sentence and a kind guess.

    ``language`` is the document's BCP 47 tag ("fr", "es-MX"); None, or a language dateparser
    does not know, lets dateparser detect it. ``progress`` is told each page (number, of how many).
    """
    languages = _dateparser_languages(language)
    proposals: list[Proposal] = []
    context_year: int | None = None
    for page_no, page in enumerate(pages, start=1):
        if progress is not None:
            progress(page_no, len(pages))
        for para_no, paragraph in enumerate(split_paragraphs(page), start=1):
            for sentence in split_sentences(paragraph):
                for found in _dates_in(sentence, languages=languages, context_year=context_year):
                    if found.explicit_year:
                        context_year = found.date.latest.year
                    proposals.append(
                        Proposal(
                            page=page_no,
                            paragraph=para_no,
                            sentence=sentence,
                            date=found.date,
                            date_text=found.text,
                            kind_guess=guess_kind(sentence),
                        )
                    )
    return proposals


# --- text layout ---------------------------------------------------------------------------


def split_paragraphs(page: str) -> list[str]:
    """Blank-line separated blocks; a page without blank lines is read a line at a time.

    Inside a block, line breaks are wrapping: they become spaces, and a word hyphenated across
    a line break is joined again.
    """
    blocks = [b for b in re.split(r"\n[ \t\r\f\v]*\n", page) if b.strip()]
    if len(blocks) == 1:
        blocks = [line for line in blocks[0].splitlines() if line.strip()]
    return [_unwrap(block) for block in blocks]


def _unwrap(block: str) -> str:
    joined = re.sub(r"(?<=[a-z\u00e0-\u00ff])-\n\s*(?=[a-z\u00e0-\u00ff])", "", block)
    return " ".join(joined.split())


def split_sentences(paragraph: str) -> list[str]:
    """Sentences end at . ! ? before a capital or a digit, except after an abbreviation."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(paragraph):
        if _ends_sentence(paragraph, match):
            sentences.append(paragraph[start : match.end()].strip())
            start = match.end()
    sentences.append(paragraph[start:].strip())
    return [s for s in sentences if s]


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    following = text[match.end() : match.end() + 1]
    if not (following.isupper() or following.isdigit() or following in "\"'\u00ab\u201c("):
        return False
    if not match.group().startswith("."):
        return True
    word = re.search(r"([\w.]+)$", text[: match.start()])
    previous = word.group(1).casefold() if word else ""
    return previous not in _ABBREVIATIONS and not (len(previous) == 1 and previous.isalpha())


# --- finding dates -------------------------------------------------------------------------


def _dates_in(
    sentence: str, *, languages: tuple[str, ...] | None, context_year: int | None
) -> Iterator[_Found]:
    hits = list(_hits(sentence, languages))
    index = 0
    while index < len(hits):
        start, text = hits[index]
        found = _month_range(sentence, hits[index], hits[index + 1], languages) if index + 1 < len(hits) else None
        index += 2 if found is not None else 1
        found = found or _read(sentence, start, text, languages, context_year)
        if found is not None:
            if found.explicit_year:
                context_year = found.date.latest.year
            yield found


def _hits(sentence: str, languages: tuple[str, ...] | None) -> Iterator[tuple[int, str]]:
    """Where each candidate date starts in the sentence, and its words."""
    hits: list[tuple[int, str]] = []
    cursor = 0
    for raw, _ in _search(sentence, languages):
        start = sentence.find(raw, cursor)
        if start < 0:
            continue
        cursor = start + len(raw)
        text, offset = _trim(raw)
        if not text:
            continue
        if hits and _YEAR_ONLY_RE.fullmatch(text) and _joins_a_year(sentence[hits[-1][0] + len(hits[-1][1]) : start]):
            # dateparser sometimes splits "June 2019" in two: the year belongs to the month before it
            hits[-1] = (hits[-1][0], sentence[hits[-1][0] : start + len(text)])
        else:
            hits.append((start + offset, text))
    return iter(hits)


def _joins_a_year(between: str) -> bool:
    return _fold(between).strip(" ,") in ("", "of", "de", "del")


def _month_range(
    sentence: str, first: tuple[int, str], second: tuple[int, str], languages: tuple[str, ...] | None
) -> _Found | None:
    """"from May to August 2016", "entre el 3 de mayo y el 20 de agosto de 2016": one range.

    A start written without a year takes it from the end (the year before when its month comes
    later), never from an earlier sentence or from today.
    """
    between = _fold(sentence[first[0] + len(first[1]) : second[0]]).strip(" ,")
    opened = _BETWEEN_RE.search(_fold(sentence[: first[0]])) is not None
    if between not in _RANGE_WORDS and not (opened and between in _AND_WORDS):
        return None
    end = _read(sentence, second[0], second[1], languages, None)
    if end is None or not end.explicit_year or end.date.end is not None:
        return None
    year = end.date.start.year
    start = _read(sentence, first[0], first[1], languages, year)
    if start is None or start.date.end is not None:
        return None
    if start.date.earliest > end.date.earliest and not start.explicit_year:
        start = _read(sentence, first[0], first[1], languages, year - 1)
    if start is None or start.date.earliest > end.date.earliest:
        return None
    text = sentence[first[0] : second[0] + len(second[1])]
    approximate = start.date.approximate or end.date.approximate
    return _Found(FuzzyDate(start.date.start, end.date.start, approximate), text, True)


def _search(sentence: str, languages: tuple[str, ...] | None) -> list[tuple[str, datetime]]:
    langs = list(languages) if languages else None
    return search_dates(sentence, languages=langs, settings=_SETTINGS) or []


def _trim(raw: str) -> tuple[str, int]:
    """The date words alone, and where they start in ``raw``: "on 14 March 2019 and"."""
    words = [(m.start(), m.group()) for m in re.finditer(r"\S+", raw)]
    while words and _is_edge(words[0][1]):
        words.pop(0)
    while words and _is_edge(words[-1][1]):
        words.pop()
    if not words:
        return "", 0
    start, end = words[0][0], words[-1][0] + len(words[-1][1])
    return raw[start:end].rstrip(",;:."), start


def _is_edge(word: str) -> bool:
    return _fold(word.strip(",;:.'\u2019")) in _EDGE_WORDS


def _read(
    sentence: str,
    start: int,
    text: str,
    languages: tuple[str, ...] | None,
    context_year: int | None,
) -> _Found | None:
    """The fuzzy date written as ``text`` at ``start`` in the sentence, if it is a real date."""
    if not _looks_like_a_date(text, languages):
        return None
    data = _parser(languages).get_date_data(text)
    if data.date_obj is None or data.period not in ("day", "month", "year"):
        return None
    explicit = _has_year(text, data.date_obj.year)
    year = data.date_obj.year if explicit else context_year
    if year is None or year not in _YEARS:
        return None
    before = sentence[:start]
    point = _point(year, data.date_obj, data.period)
    found = _with_range(point, before=before, text=text) if point else None
    if found is None:
        return None
    fuzzy, date_text = found
    lead = sentence[: start + len(text) - len(date_text)]  # before the range's first day too
    approximate = bool(_APPROX_RE.search(_fold(lead))) or _starts_approx(date_text)
    return _Found(FuzzyDate(fuzzy.start, fuzzy.end, approximate), date_text, explicit)


def _point(year: int, value: datetime, period: str) -> DatePoint | None:
    try:
        if period == "year":
            return DatePoint(year)
        return DatePoint(year, value.month, value.day if period == "day" else None)
    except DateFormatError:  # 29 February carried into a year without one
        return None


def _with_range(point: DatePoint, *, before: str, text: str) -> tuple[FuzzyDate, str] | None:
    """A day preceded by "14 to" becomes the range 14-19; anything else stays a point."""
    first = _RANGE_START_RE.search(before)
    starts_with_day = re.match(rf"(?:the\s+)?0?{point.day}\b", text) is not None
    if first is None or point.day is None or not starts_with_day:
        return FuzzyDate(point), text
    day = int(first.group(1))
    if not 1 <= day < point.day:
        return FuzzyDate(point), text
    start = DatePoint(point.year, point.month, day)
    return FuzzyDate(start, point), before[first.start() :].lstrip() + text


def _starts_approx(text: str) -> bool:
    return re.match(r"(?:around|about|circa|vers|environ|hacia)\b", _fold(text)) is not None


def _looks_like_a_date(text: str, languages: tuple[str, ...] | None) -> bool:
    """A year, a numeric date, or a month name: not "now", "Monday", "2 and 4", "45 minutes".

    English "may" and "march" are also verbs, so a month name without any digit counts only
    when it is capitalised.
    """
    if _YEAR_RE.search(text) or _NUMERIC_DATE_RE.search(text):
        return True
    names = _month_names(languages or _FALLBACK_LANGUAGES)
    words = re.findall(r"[^\W\d_]+", text)
    month_words = [w for w in words if _fold(w) in names]
    if not month_words:
        return False
    has_digit = any(ch.isdigit() for ch in text)
    return has_digit or any(w[0].isupper() or not _is_english_verb(w) for w in month_words)


def _is_english_verb(word: str) -> bool:
    return word.casefold() in ("may", "march")


def _has_year(text: str, year: int) -> bool:
    """The year is written, in full or as the two digits ending a numeric date."""
    if str(year) in text:
        return True
    numeric = _NUMERIC_DATE_RE.search(text)
    return numeric is not None and numeric.group().endswith(f"{year % 100:02d}")


# --- kinds ---------------------------------------------------------------------------------


def guess_kind(sentence: str) -> str | None:
    """The event kind the sentence's words suggest, or None; a guess for a person to check."""
    folded = _fold(sentence)
    return next((kind for kind, pattern in _KIND_RES if pattern.search(folded)), None)


# --- helpers -------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Accents removed and case-folded, so keyword lists need one spelling."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _dateparser_languages(language: str | None) -> tuple[str, ...] | None:
    if not language:
        return None
    primary = re.split(r"[-_]", language.strip())[0].casefold()
    return (primary,) if primary in language_order else None


@lru_cache(maxsize=16)
def _parser(languages: tuple[str, ...] | None) -> DateDataParser:
    return DateDataParser(languages=list(languages) if languages else None, settings=_SETTINGS)


@lru_cache(maxsize=16)
def _month_names(languages: tuple[str, ...]) -> frozenset[str]:
    names: set[str] = set()
    for code in languages:
        info = default_loader.get_locale(code).info
        for key in _MONTH_KEYS:
            names.update(_fold(name) for name in info.get(key, []))
    return frozenset(names)
