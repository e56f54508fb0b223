import datetime

import pytest
from click.testing import CliRunner
from django.test import Client
from django.utils import timezone

from article3.accounts.models import Organisation
from article3.cases.models import Case
from article3.selfhelp.models import Interview
from article3.selfhelp.services import interview_hand_over, interviews_purge
from tests.selfhelp.conftest import start


def _three(host: Organisation) -> tuple[Interview, Interview, Interview]:
    for _ in range(3):
        start(Client(), "es")
    old, recent, given = Interview.objects.order_by("pk")
    long_ago = timezone.now() - datetime.timedelta(days=100)
    Interview.objects.filter(pk__in=[old.pk, given.pk]).update(last_seen_at=long_ago)
    interview_hand_over(interview=given)
    return old, recent, given


@pytest.mark.django_db
def test_interviews_nobody_came_back_to_are_deleted_with_their_cases(host: Organisation) -> None:
    old, recent, given = _three(host)
    assert [p.case_id for p in interviews_purge(actor="test", days=90, dry_run=True)] == [old.case_id]
    assert Interview.objects.count() == 3, "a dry run deletes nothing"
    interviews_purge(actor="test", days=90)
    assert set(Interview.objects.values_list("pk", flat=True)) == {recent.pk, given.pk}
    assert not Case.objects.filter(pk=old.case_id).exists()


@pytest.mark.django_db
def test_the_purge_command(host: Organisation) -> None:
    from article3.cli import cli
    from article3.selfhelp import commands  # noqa: F401  (registers the verbs)

    _three(host)
    result = CliRunner().invoke(cli, ["selfhelp", "purge", "--days", "90"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 self-help interview" in result.output
