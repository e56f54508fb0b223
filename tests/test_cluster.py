"""The multi-host test, short: benchmarks/cluster.py with 20 people for 60 seconds.

Three hosts with separate data folders sharing PostgreSQL, Redis and an S3 server; one worker
host killed with SIGKILL and one web host restarted halfway. It needs PostgreSQL and Redis and
takes about two and a half minutes (set-up about 25 s): it carries the `cluster` marker, which
`make test` leaves out and `.ci/run` runs on its own, after the suite.
"""

import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.cluster

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("ARTICLE3_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("ARTICLE3_TEST_CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/15")


def cluster_module() -> Any:
    spec = importlib.util.spec_from_file_location("cluster_benchmark", ROOT / "benchmarks" / "cluster.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_a_killed_worker_host_and_a_restarted_web_host_lose_no_upload_and_no_task(tmp_path: Path) -> None:
    cluster = cluster_module()
    # The queue need not be empty at the end (two shared cores convert slowly): a record still
    # waiting for its job is not lost; one with no job left for it is. So the test stops waiting once
    # the killed host's jobs have finished elsewhere.
    report = cluster.run(folder=tmp_path, users=20, seconds=60, postgres=POSTGRES, redis_url=REDIS_URL,
                         drain_timeout=300, drain=False)
    cluster.show(report)
    check = report["check"]
    assert check["acknowledged"] > 0, "the load uploaded something"
    assert check["lost"] == 0, "every acknowledged upload is in the database and the bucket"
    assert report["tasks_lost"] == 0, (check["lost_records"], check["documents"], check["builds"])
    assert report["recovered_seconds"] is not None, "the killed host's jobs finished on the other hosts"
    assert check["finished_twice"] == 0, "a task delivered twice changed nothing the second time"
    assert report["stats"]["Aggregated"]["requests"] > 100
