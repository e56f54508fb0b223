"""B1 and B4: production settings pass Django's deployment checklist and send HSTS over HTTPS."""

import json
import secrets
from pathlib import Path

from tests.security.live import article3, environment, migrated

HEADERS = """
import json
from django.test import Client
plain = Client().get("/accounts/login/")
secure = Client().get("/accounts/login/", secure=True)
print(json.dumps({"plain": [plain.status_code, plain.get("Location", "")],
                  "secure": dict(secure.items()), "cookies": {k: str(v) for k, v in secure.cookies.items()}}))
"""


def _production(data: Path) -> dict[str, str]:
    return environment(migrated(data), ARTICLE3_SECURE="1", ARTICLE3_SECRET_KEY=secrets.token_urlsafe(64),
                       ARTICLE3_ALLOWED_HOSTS="article3.example.org,testserver",
                       ARTICLE3_SITE_URL="https://article3.example.org")


def test_check_deploy_passes_on_production_settings(tmp_path: Path) -> None:
    result = article3(_production(tmp_path), "manage", "check", "--deploy", "--fail-level", "WARNING")
    assert "System check identified no issues" in result.stdout


def test_https_responses_carry_hsts_and_plain_http_is_redirected(tmp_path: Path) -> None:
    shell = article3(_production(tmp_path), "manage", "shell", "-c", HEADERS)
    seen = json.loads(shell.stdout.strip().splitlines()[-1])
    assert seen["plain"][0] == 301 and seen["plain"][1].startswith("https://")
    headers = seen["secure"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "Secure" in seen["cookies"]["csrftoken"] or "secure" in seen["cookies"]["csrftoken"]
