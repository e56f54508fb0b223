"""Every catalogue complete, reviewed or marked as a draft, and compiled from what is committed (a
.mo older than its .po would show stale words). The client's pages come in eight languages; the
lawyer's in English, French and Spanish."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

import article3

PACKAGE = Path(article3.__file__).parent
CLIENT_LANGUAGES = [code for code, _ in settings.LANGUAGES if code != "en"]
# Where the words a client reads are kept: each needs all of CLIENT_LANGUAGES.
CLIENT_CATALOGUES = ["portal/locale", "accounts/locale", "selfhelp/locale", "locale"]  # the last: the page shell
CATALOGUES = sorted(PACKAGE.glob("**/locale/*/LC_MESSAGES/django.po"))


def _name(po: Path) -> str:
    return str(po.relative_to(PACKAGE))


def test_the_client_catalogues_cover_every_client_language() -> None:
    for folder in CLIENT_CATALOGUES:
        for language in CLIENT_LANGUAGES:
            assert (PACKAGE / folder / language / "LC_MESSAGES" / "django.po").exists(), (folder, language)


def test_every_lawyer_catalogue_has_french_and_spanish() -> None:
    for folder in {po.parents[2] for po in CATALOGUES}:
        for language in [code for code in settings.LAWYER_LANGUAGES if code != "en"]:
            assert (folder / language / "LC_MESSAGES" / "django.po").exists(), (_name(folder), language)


@pytest.mark.parametrize("po", CATALOGUES, ids=_name)
def test_the_catalogue_is_complete_checked_and_compiled(po: Path, tmp_path: Path) -> None:
    language = po.parents[1].name
    compiled = tmp_path / "django.mo"
    result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", str(compiled), str(po)],
                            capture_output=True, text=True, check=True)
    statistics = result.stderr.strip()
    assert "untranslated" not in statistics and "fuzzy" not in statistics, statistics
    assert compiled.read_bytes() == (po.parent / "django.mo").read_bytes(), \
        f"compile it: msgfmt --check -o {po.parent / 'django.mo'} {po}"
    header = po.read_text(encoding="utf-8")[:1500]
    assert f'"Language: {language}\\n"' in header
    assert "X-Review-Status:" in header, "a translation says whether a native speaker has reviewed it"


@pytest.mark.parametrize("language", CLIENT_LANGUAGES)
def test_the_words_the_client_reads_are_translated(language: str) -> None:
    with translation.override(language):
        assert translation.gettext("Your safety plan") != "Your safety plan"
        assert translation.gettext("Questions from your legal team") != "Questions from your legal team"


@pytest.mark.django_db
def test_the_sign_in_page_speaks_the_visitors_language() -> None:
    page = Client(headers={"accept-language": "ru"}).get("/accounts/login/").content.decode()
    with translation.override("ru"):
        assert translation.gettext("Sign in") in page and "Sign in" not in page


def _catalogues_in_precedence() -> list[Path]:
    """Django reads a phrase from the first catalogue that has it: LOCALE_PATHS, then the apps in
    INSTALLED_APPS order."""
    from django.apps import apps

    folders = [Path(folder) for folder in settings.LOCALE_PATHS]
    folders += [Path(config.path) / "locale" for config in apps.get_app_configs()]
    return [folder for folder in folders if folder.is_dir() and folder.is_relative_to(PACKAGE)]


def test_a_phrase_reads_the_same_in_every_catalogue() -> None:
    """The same words in two apps are shown with the first catalogue's translation everywhere, so a
    second, different translation is never seen: the catalogues must agree (or the phrase needs a
    context, as "Change" a language and "Change" a record do)."""
    import polib

    differing = []
    for language in CLIENT_LANGUAGES:
        first: dict[tuple[str | None, str], tuple[object, str]] = {}
        for folder in _catalogues_in_precedence():
            po = folder / language / "LC_MESSAGES" / "django.po"
            if not po.exists():
                continue
            for entry in polib.pofile(str(po)):
                said = entry.msgstr or sorted(entry.msgstr_plural.items())
                shown, where = first.setdefault((entry.msgctxt, entry.msgid), (said, _name(folder)))
                if entry.msgstr_plural and len(shown) != len(said):
                    continue  # two plural rules (Spanish has two and three forms): each its own
                if shown != said:
                    differing.append(f"{language} {entry.msgid!r}: {_name(folder)} says {said!r}, "
                                     f"{where} (shown) says {shown!r}")
    assert not differing, "\n".join(differing)
