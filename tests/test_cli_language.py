"""The `article3` command speaks the operator's language, English, French or Spanish, as the
environment says; what scripts read (`--format json`) stays the same in every language."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from article3.cli import LANGUAGES, language_from_environment
from tests.security.live import migrated
from tests.test_cli import LOCALE_VARIABLES, article3

FRENCH = {"LANG": "fr_FR.UTF-8"}
SPANISH = {"LANGUAGE": "es"}


@pytest.mark.parametrize(("environ", "language"), [
    ({}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "fr"),
    ({"LANG": "es_MX"}, "es"),
    ({"LANG": "es-ES"}, "es"),
    ({"LANG": "fr_BE.ISO-8859-1@euro"}, "fr"),
    ({"LANG": "de_DE.UTF-8"}, "en"),  # unsupported: English
    ({"LANG": "C"}, "en"),
    ({"LANG": "POSIX"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": ""}, "en"),
    ({"LANGUAGE": "es"}, "es"),
    ({"LANGUAGE": "es", "LANG": "fr_FR.UTF-8"}, "es"),  # LANGUAGE first
    ({"LANGUAGE": "fr:es", "LANG": "C.UTF-8"}, "fr"),  # the first of the list
    ({"LANGUAGE": "de:es", "LANG": "fr_FR.UTF-8"}, "es"),  # the first that Article3 speaks
    ({"LANGUAGE": "en_GB:fr"}, "en"),
    ({"LANGUAGE": "de", "LANG": "fr_FR.UTF-8"}, "fr"),  # none spoken: the locale
    ({"LANGUAGE": "", "LANG": "es_ES.UTF-8"}, "es"),
    ({"LC_ALL": "fr_CA.UTF-8", "LC_MESSAGES": "es_ES", "LANG": "en_US"}, "fr"),  # LC_ALL, then LC_MESSAGES, then LANG
    ({"LC_MESSAGES": "es_ES", "LANG": "fr_FR"}, "es"),
    ({"LC_ALL": "C", "LANGUAGE": "fr"}, "en"),  # a locale of C is English whatever LANGUAGE says (as gettext)
    ({"LC_ALL": "POSIX", "LANG": "fr_FR.UTF-8"}, "en"),
])
def test_the_language_comes_from_the_environment(environ: dict[str, str], language: str) -> None:
    assert language_from_environment(environ) == language


def test_the_command_line_speaks_the_lawyer_languages() -> None:
    """Spelled out in article3/cli so that reading the environment needs no settings."""
    assert tuple(LANGUAGES) == tuple(settings.LAWYER_LANGUAGES)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = migrated(tmp_path_factory.mktemp("cli-language"))
    article3(folder, "demo")
    return folder


def _help(locale: dict[str, str], *args: str) -> str:
    """`article3 ... --help` with only these locale variables set, its lines joined (click wraps them)."""
    env = {name: value for name, value in os.environ.items() if name not in LOCALE_VARIABLES} | locale
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([sys.executable, "-m", "article3", *args, "--help"], env=env, capture_output=True,
                            text=True, timeout=120, check=True)
    return " ".join(result.stdout.split())


def test_the_help_speaks_french_spanish_or_english() -> None:
    group = "Article3: prepare claims for protection against removal to torture."
    french, spanish, english = _help(FRENCH), _help(SPANISH), _help({"LANG": "C"})
    assert "Article3 : préparer les demandes de protection contre le renvoi vers la torture." in french
    assert "Dossiers : lister, ouvrir, importer, exporter, vérifier." in french  # a group's line
    assert "Article3: preparar solicitudes de protección contra la devolución a la tortura." in spanish
    assert group in english and "Cases: list, open, import, export, check." in english
    assert group not in french and group not in spanish
    with translation.override("fr"):
        assert translation.gettext(group) in french


def test_a_command_help_and_its_options_are_translated(data: Path) -> None:
    shown = _help(FRENCH | {"ARTICLE3_DATA": str(data)}, "case", "list")
    assert "Lister les dossiers de l’organisation." in shown
    assert "L’organisation dans laquelle agir (son nom court)." in shown  # --org, shared by the commands
    assert "json pour les scripts (toujours en anglais)" in shown  # --format


def test_a_command_prints_in_french(data: Path) -> None:
    listed = article3(data, "case", "list", locale=FRENCH).stdout
    assert "Dossiers de default" in listed and "référence" in listed and "juridiction" in listed
    assert "DEMO-2026-001" in listed and "reference" not in listed


def test_an_error_is_in_the_operators_language_with_the_same_exit_code(data: Path) -> None:
    english = article3(data, "case", "list", "--org", "nowhere", check=False)
    french = article3(data, "case", "list", "--org", "nowhere", check=False, locale=FRENCH)
    spanish = article3(data, "case", "check", "NOPE-1", check=False, locale=SPANISH)
    assert english.returncode == french.returncode == spanish.returncode == 1
    assert "Error: No organisation 'nowhere'" in english.stderr
    assert "Erreur : Aucune organisation « nowhere ». Créez-la avec `article3 org create nowhere`." in french.stderr
    assert "Error: No hay ningún expediente «NOPE-1» en la organización «default»." in spanish.stderr
    wrong = article3(data, "case", "create", "X-1", "--forum", "generic", "--country", "CMR", "--applicant", "A",
                     check=False, locale=FRENCH)
    assert wrong.returncode == 2 and "--country attend un code de pays à deux lettres" in wrong.stderr


def test_json_is_the_same_in_every_language(data: Path) -> None:
    """Scripts read the keys and the values: the services' words too (a finding, an audit entry's
    description) stay in English."""
    for args in (("case", "list"), ("case", "check", "DEMO-2026-001"), ("deadlines", "list")):
        outputs = [article3(data, *args, "--format", "json", locale=locale).stdout
                   for locale in ({"LANG": "C"}, FRENCH, SPANISH)]
        assert outputs[0] == outputs[1] == outputs[2], args
    logs = [json.loads(article3(data, "audit", "show", "DEMO-2026-001", "--format", "json", locale=locale).stdout)
            for locale in ({"LANG": "C"}, FRENCH)]
    english, french = ([(e["actor"], e["description"]) for e in log["entries"]] for log in logs)
    assert french[:len(english)] == english and ("command line", "Read the audit log") in {
        (actor.split(" (")[0], description) for actor, description in french}


def test_checking_a_package_says_what_it_found_in_the_operators_language(data: Path, tmp_path: Path) -> None:
    package = tmp_path / "case.zip"
    article3(data, "case", "export", "DEMO-2026-001", str(package))
    french = article3(data, "case", "verify-package", str(package), locale=FRENCH).stdout
    assert "case.zip n’a pas changé depuis que la clé" in french and "unchanged" not in french
    package.write_bytes(package.read_bytes() + b"\0")
    spanish = article3(data, "case", "verify-package", str(package), check=False, locale=SPANISH)
    assert spanish.returncode == 1 and "case.zip ha cambiado desde que se firmó" in spanish.stdout
    scripted = json.loads(article3(data, "case", "verify-package", str(package), "--format", "json", check=False,
                                   locale=FRENCH).stdout)
    assert scripted["ok"] is False and scripted["message"].startswith("case.zip has changed since it was signed")
