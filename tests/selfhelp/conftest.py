import re

import pytest
from django.test import Client

from article3.accounts.models import Organisation

CODE = re.compile(r'class="code">([A-Z0-9-]+)<')


@pytest.fixture
def host(org_a: Organisation, settings: object) -> Organisation:
    """Clinic A hosts self-help on this instance."""
    settings.ARTICLE3_SELF_HELP_ORG = org_a.slug  # type: ignore[attr-defined]
    return org_a


def start(client: Client, language: str = "es") -> str:
    """Start an interview in `language`; the resume code it shows."""
    response = client.post("/help/", {"language": language})
    assert response.status_code == 200
    found = CODE.search(response.content.decode())
    assert found is not None
    return found.group(1)
