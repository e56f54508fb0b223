"""The nightly jobs: when they are due, that a restart does not queue them twice in a day, and that
the schedulers of several hosts queue each night's job once between them."""

import datetime
import json
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from article3.audit.models import AuditEntry
from article3.cluster.models import NightlyRun
from article3.schedule import JOBS, is_due, jobs_queue_due, last_runs
from tests.security.live import article3, environment, migrated

TZ = ZoneInfo("Europe/London")
AT = datetime.time(3, 0)


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
    assert set(NightlyRun.objects.values_list("name", flat=True)) == {"retention_purge", "fixity", "audit_head"}
    assert last_runs()["fixity"] == first
    # The test backend runs tasks at once: the fixity check left its record.
    assert AuditEntry.objects.filter(action="integrity.fixity.checked").count() == 1
    assert jobs_queue_due(now=first + datetime.timedelta(hours=3)) == [], "a restart the same day queues nothing"
    assert jobs_queue_due(now=first + datetime.timedelta(days=1)) == ["retention_purge", "fixity", "audit_head"]
    assert AuditEntry.objects.filter(action="integrity.fixity.checked").count() == 2


RACE = """
import json, os, pathlib, time
from django_tasks_db.models import DBTaskResult
from article3.schedule import jobs_queue_due
DBTaskResult.objects.exists()  # connected before the start
folder = pathlib.Path({folder!r})
(folder / f"ready-{{os.getpid()}}").touch()
while not (folder / "go").exists():
    time.sleep(0.001)
print("QUEUED " + json.dumps(jobs_queue_due()))
"""


def test_two_hosts_schedulers_racing_queue_each_job_once(tmp_path: Path) -> None:
    """Two worker processes (two hosts sharing the database) check the schedule at the same instant,
    with the real database task queue: each job is queued once, by one of them."""

    env = environment(migrated(tmp_path / "data"), ARTICLE3_TASKS="database")
    gate = tmp_path / "gate"
    gate.mkdir()
    command = [sys.executable, "-m", "article3", "manage", "shell", "-c", RACE.format(folder=str(gate))]
    racers = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for _ in range(2)]
    deadline = time.monotonic() + 120
    while len(list(gate.glob("ready-*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    (gate / "go").touch()
    outputs = [racer.communicate(timeout=120) for racer in racers]
    assert all(racer.returncode == 0 for racer in racers), [err[-2000:] for _, err in outputs]
    queued = [json.loads(line.removeprefix("QUEUED ")) for out, _ in outputs for line in out.splitlines()
              if line.startswith("QUEUED ")]
    assert len(queued) == 2
    names = [name for one in queued for name in one]
    assert sorted(names) == sorted(job.name for job in JOBS), queued
    counted = article3(env, "manage", "shell", "-c", "from django_tasks_db.models import DBTaskResult; "
                       "print('ROWS', DBTaskResult.objects.filter(status='READY').count())").stdout
    assert "ROWS 3" in counted
