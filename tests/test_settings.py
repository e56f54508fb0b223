"""Settings read from the environment."""

import os
import subprocess
import sys

PRINT_SITE_URL = "from django.conf import settings; print(settings.SITE_URL)"


def _site_url(**env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in {"ARTICLE3_PORT", "ARTICLE3_SITE_URL"}}
    environment |= {"DJANGO_SETTINGS_MODULE": "article3.settings", **env}
    done = subprocess.run([sys.executable, "-c", PRINT_SITE_URL], env=environment, capture_output=True,
                          text=True, check=True)
    return done.stdout.strip()


def test_links_in_mails_and_feeds_follow_the_port() -> None:
    """Regression: calendar-feed and e-mail links said port 8000 whatever ARTICLE3_PORT was."""
    assert _site_url() == "http://127.0.0.1:8000"
    assert _site_url(ARTICLE3_PORT="8123") == "http://127.0.0.1:8123"


def test_a_public_address_wins() -> None:
    assert _site_url(ARTICLE3_PORT="8123", ARTICLE3_SITE_URL="https://a3.example.org") == "https://a3.example.org"
