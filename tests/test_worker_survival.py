"""The worker survives a busy database, and `article3 run` restarts a worker that dies (issue 17)."""

import logging
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import OperationalError

from article3.cli.serve import supervise, worker_run
from tests.security.live import environment, migrated


def test_a_locked_database_makes_the_worker_wait_not_exit(caplog: pytest.LogCaptureFixture) -> None:
    attempts: list[int] = []
    slept: list[float] = []
    recovered: list[int] = []

    def run() -> None:
        attempts.append(1)
        if len(attempts) <= 3:
            raise OperationalError("database is locked")

    with caplog.at_level(logging.WARNING, logger="article3.serve"):
        waits = worker_run("w-test", run=run, sleep=slept.append, pauses=(1.0, 2.0, 5.0),
                           recover=lambda: recovered.append(1))
    assert (waits, len(attempts), slept, len(recovered)) == (3, 4, [1.0, 2.0, 5.0], 3)
    assert caplog.text.count("carries on") == 3


def test_other_errors_are_not_swallowed() -> None:
    def run() -> None:
        raise RuntimeError("a bug")

    with pytest.raises(RuntimeError):
        worker_run("w-test", run=run, sleep=lambda _: None, recover=lambda: None)


def _spawn(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(list(args), start_new_session=True)


def test_a_worker_that_dies_is_started_again_and_the_web_server_keeps_running(
        caplog: pytest.LogCaptureFixture) -> None:
    web = _spawn("sleep", "4")
    started: list[subprocess.Popen[bytes]] = []

    def start_worker() -> subprocess.Popen[bytes]:
        started.append(_spawn(sys.executable, "-c", "import sys; sys.exit(3)") if not started
                       else _spawn("sleep", "60"))
        return started[-1]

    with caplog.at_level(logging.WARNING, logger="article3.serve"):
        restarts = supervise(web=web, start_worker=start_worker, poll=0.1, pauses=(0.2,))
    assert restarts == 1 and len(started) == 2
    assert "exit code 3" in caplog.text
    assert web.returncode == 0, "the web server ran to its own end"
    assert started[1].poll() is not None, "the restarted worker was stopped with the server"


def test_the_real_worker_outlives_a_database_locked_for_longer_than_its_busy_timeout(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = environment(migrated(data), ARTICLE3_LOG_LEVEL="WARNING")
    log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen([sys.executable, "-m", "article3", "worker"], env=env, stdout=log, stderr=log,
                              start_new_session=True)
    try:
        time.sleep(4)
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
        locker = sqlite3.connect(data / "article3.sqlite3", timeout=0, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")
        time.sleep(14)  # the database's busy timeout is 10 s
        locker.execute("ROLLBACK")
        locker.close()
        time.sleep(3)
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-2000:]
        assert "carries on" in (tmp_path / "worker.log").read_text()
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, 15)
        worker.wait(timeout=20)
        log.close()
