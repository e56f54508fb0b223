"""The nightly jobs: when they are due, and that a restart does not queue them twice in a day."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest

from article3 import datadir
from article3.audit.models import AuditEntry
from article3.schedule import JOBS, is_due, jobs_queue_due, last_runs

TZ = ZoneInfo("Europe/London")
AT = datetime.time(3, 0)


@pytest.fixture(autouse=True)
def no_record() -> None:
    """The data folder is the test process's: start each test without an earlier test's record."""
    (datadir.root() / "schedule.json").unlink(missing_ok=True)


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=TZ)


@pytest.mark.parametrize(("last_run", "now", "due"), [
    (None, at(10, 14), True),                 # never run: run as soon as the worker starts
    (at(10, 3), at(10, 14), False),           # ran at 03:00 today
    (at(10, 14), at(10, 14, 5), False),       # restarted five minutes after a catch-up run
    (at(10, 14), at(11, 2, 59), False),       # the next night's time has not come yet
    (at(10, 14), at(11, 3), True),            # it has
    (at(10, 3), at(11, 3, 1), True),
    (at(9, 3), at(11, 1), True),              # the worker was down last night: catch up once
    (at(11, 3, 0), at(11, 3, 0), False),      # queued this very minute
])
def test_is_due(last_run: datetime.datetime | None, now: datetime.datetime, due: bool) -> None:
    assert is_due(last_run=last_run, now=now, at=AT) is due


def test_is_due_across_the_clocks_going_forward() -> None:
    # 29 March 2026: London's clocks go from 01:00 to 02:00; 03:00 local still comes once.
    assert is_due(last_run=at(28, 3), now=at(29, 3, 30), at=AT)
    assert not is_due(last_run=at(29, 3, 30), now=at(29, 23), at=AT)


@pytest.mark.django_db
def test_the_worker_queues_each_job_once_and_records_it() -> None:
    first = datetime.datetime(2026, 3, 10, 14, 0, tzinfo=datetime.UTC)
    assert jobs_queue_due(now=first) == [job.name for job in JOBS]
    record = json.loads((datadir.root() / "schedule.json").read_text())
    assert set(record) == {"retention_purge", "fixity"}
    assert last_runs()["fixity"] == first
    # The test backend runs tasks at once: the fixity check left its record.
    assert AuditEntry.objects.filter(action="integrity.fixity.checked").count() == 1
    assert jobs_queue_due(now=first + datetime.timedelta(hours=3)) == [], "a restart the same day queues nothing"
    assert jobs_queue_due(now=first + datetime.timedelta(days=1)) == ["retention_purge", "fixity"]
    assert AuditEntry.objects.filter(action="integrity.fixity.checked").count() == 2


@pytest.mark.django_db
def test_an_unreadable_record_queues_the_jobs_rather_than_failing() -> None:
    (datadir.root() / "schedule.json").write_text("{not json")
    assert jobs_queue_due(now=datetime.datetime(2026, 3, 10, 14, 0, tzinfo=datetime.UTC)) == ["retention_purge",
                                                                                                 "fixity"]
    assert set(last_runs()) == {"retention_purge", "fixity"}
