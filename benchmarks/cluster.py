"""Multi-host load test: three "hosts" sharing only PostgreSQL, Redis and an S3 server.

Run: .venv/bin/python benchmarks/cluster.py [--users 20] [--seconds 120] [--redis redis://127.0.0.1:6379/14]
                                             [--postgres postgres://postgres@127.0.0.1:5432]

On this machine, three hosts, each with its own data folder and no shared disk:
host 1 runs a web server (gunicorn) and a worker, host 2 a web server and a worker, host 3 a
worker. They share a throwaway PostgreSQL database, a Redis database (ARTICLE3_TASKS) and an S3
bucket on moto's server (ARTICLE3_VAULT=s3); the instance key and Django's signing key come from
one secrets folder, as a secret store would hand them to every host. A small round-robin TCP
proxy spreads connections over the two web servers (skipping one that refuses). Locust
(headless) runs N people who sign in, open their case, upload documents, run the chronology
checks and the gap report, build bundles and search the country information.

Halfway through, host 3's worker is killed with SIGKILL (with the process running its job: a
host losing power) and host 2's web server is restarted (SIGTERM: it finishes its requests,
then starts again). After the load, the driver waits for the queue to drain and prints:
requests per second, p50/p95/p99 per endpoint, errors, acknowledged uploads lost, tasks lost,
tasks run twice (RQ delivered them again) and whether that changed anything, and how long the
killed host's tasks took to finish on the other hosts.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from itertools import cycle
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.security.live import PASSWORD, article3, environment, free_port  # noqa: E402

BIN = Path(sys.executable).parent
HEARTBEAT = 2  # seconds: a dead worker's job is queued again after about twice this

SETUP = """
import json
from article3.accounts.models import Organisation
from article3.accounts.services import user_create
from article3.cases.services import case_create
org = Organisation.objects.get(slug="default")
people = []
for n in range({users}):
    user = user_create(actor="cli:cluster", organisation=org, email=f"user{{n}}@example.org", role="admin",
                       password={pw!r})
    case = case_create(actor=user, organisation=org, reference=f"LOAD-{{n:03d}}", forum="us-eoir",
                       country_of_return="CM", applicant_name=f"Applicant {{n}}", owner_id=user.pk)
    people.append({{"email": user.email, "case": f"/cases/{{case.public_id}}/"}})
print("PEOPLE " + json.dumps(people))
"""

CHECK = """
import json
from collections import Counter
from django.db.models import Count
from article3.audit.models import AuditEntry
from article3.bundles.models import BundleBuild
from article3.cases.models import Case
from article3.evidence.models import Document
from article3.evidence.storage import vault
acks = [json.loads(line) for line in open({acks!r}) if line.strip()]
cases = {{f"/cases/{{c.public_id}}/": c.pk for c in Case.objects.all()}}
lost = 0
for ack in acks:
    found = Document.objects.filter(case_id=cases.get(ack["case"]), key=ack["key"],
                                    original_sha256=ack["sha256"]).exists()
    lost += not (found and vault().exists(ack["sha256"]))
from article3.bundles.tasks import bundle_run_task
from article3.evidence.tasks import document_process
from article3.tasking import task_pending
# A record not finished and with no job waiting, scheduled or running for it, nor a note of one still to be
# sent (article3.tasking): its task is lost. The queue moves while it is read (a job passes from the queue to
# a worker, a record finishes), so a record counts as lost only if it still looks so a few seconds later.
import time
from article3.cluster.models import PendingJob


def lost_now():
    unfinished = [(document_process, pk) for pk in Document.objects.filter(status__in=["received", "processing"])
                  .values_list("pk", flat=True)]
    unfinished += [(bundle_run_task, pk) for pk in BundleBuild.objects.filter(status__in=["queued", "running"])
                   .values_list("pk", flat=True)]
    noted = {{(path, args[0]) for path, args in PendingJob.objects.values_list("task_path", "args") if args}}
    return {{(task.module_path, pk) for task, pk in unfinished
            if not task_pending(task, pk) and (task.module_path, pk) not in noted}}


suspects = lost_now()
for _ in range(5):
    if not suspects:
        break
    time.sleep(2)
    suspects &= lost_now()
tasks_lost = len(suspects)
documents = Counter(Document.objects.values_list("status", flat=True))
builds = Counter(BundleBuild.objects.values_list("status", flat=True))
done = ("evidence.document.processed", "evidence.document.failed", "bundles.build.done", "bundles.build.failed")
twice = (AuditEntry.objects.filter(action__in=done).values("case_id", "action", "object_key")
         .annotate(n=Count("id")).filter(n__gt=1).count())
print("CHECK " + json.dumps({{"acknowledged": len(acks), "lost": lost, "documents": documents, "builds": builds,
                             "finished_twice": twice, "tasks_lost": tasks_lost,
                             "lost_records": sorted(suspects)}}))
"""


# --- the pieces --------------------------------------------------------------------------------

def spawn(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                cwd=ROOT)


def kill_host(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL a process and all it started (RQ runs each job in a forked process of its own group)."""
    family = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
    for member in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            member.send_signal(signal.SIGKILL)
    process.wait()


def stop(process: subprocess.Popen[bytes] | None, timeout: float = 60) -> None:
    """SIGTERM: gunicorn finishes its requests and an RQ worker its job, then they exit."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_host(process)


def wait_http(url: str, timeout: float) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5) as reply:  # noqa: S310
            if reply.status == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {timeout:.0f} s")


class Proxy:
    """Round-robin TCP proxy: each new connection goes to the next web server that accepts it."""

    def __init__(self, backends: list[int]) -> None:
        self.port, self.backends = free_port(), cycle(backends)
        self.count = len(backends)
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        for _ in range(self.count):
            try:
                upstream = socket.create_connection(("127.0.0.1", next(self.backends)), timeout=5)
            except OSError:
                continue
            upstream.settimeout(None)
            back = threading.Thread(target=self._pump, args=(upstream, client), daemon=True)
            back.start()
            self._pump(client, upstream)
            back.join()
            upstream.close()
            break
        client.close()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.listener.close()


@dataclass
class Host:
    name: str
    env: dict[str, str]
    logs: Path
    web_port: int | None = None
    web: subprocess.Popen[bytes] | None = None
    worker: subprocess.Popen[bytes] | None = None

    def start_web(self) -> None:
        assert self.web_port is not None
        self.web = spawn([str(BIN / "gunicorn"), "article3.wsgi", "--bind", f"127.0.0.1:{self.web_port}",
                          "--workers", "2", "--threads", "4", "--timeout", "120", "--graceful-timeout", "30"],
                         self.env, self.logs / f"{self.name}-web.log")

    def start_worker(self) -> None:
        self.worker = spawn([sys.executable, "-m", "article3", "worker"], self.env,
                            self.logs / f"{self.name}-worker.log")


@dataclass
class Cluster:
    folder: Path
    postgres: str
    redis_url: str
    hosts: list[Host] = field(default_factory=list)
    moto: subprocess.Popen[bytes] | None = None
    database: str = ""

    def start(self) -> None:
        import boto3
        import psycopg

        logs = self.folder / "logs"
        logs.mkdir(parents=True)
        self.database = f"a3_cluster_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(f"{self.postgres}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{self.database}"')
        redis_clean(self.redis_url)
        s3_port = free_port()
        self.moto = spawn([str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(s3_port)], dict(os.environ),
                          logs / "s3.log")
        endpoint = f"http://127.0.0.1:{s3_port}"
        credentials = {"AWS_ACCESS_KEY_ID": "cluster-id", "AWS_SECRET_ACCESS_KEY": "cluster-secret"}
        deadline = time.monotonic() + 60
        while True:
            try:
                boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="cluster-id",
                             aws_secret_access_key="cluster-secret").create_bucket(Bucket="article3")  # noqa: S106
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        secrets_folder = self.folder / "secrets"
        secrets_folder.mkdir(mode=0o700)
        (secrets_folder / "secret.key").write_text(secrets.token_urlsafe(50))
        shared = {
            **credentials, "ARTICLE3_TASKS": self.redis_url, "ARTICLE3_WORKER_HEARTBEAT_SECONDS": str(HEARTBEAT),
            "ARTICLE3_VAULT": "s3", "ARTICLE3_S3_BUCKET": "article3", "ARTICLE3_S3_ENDPOINT_URL": endpoint,
            "ARTICLE3_S3_REGION": "us-east-1", "ARTICLE3_KEY_FILE": str(secrets_folder / "instance.key"),
            "ARTICLE3_SECRET_KEY_FILE": str(secrets_folder / "secret.key"), "ARTICLE3_LOG_LEVEL": "WARNING",
            "AWS_CONFIG_FILE": str(secrets_folder / "no-aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(secrets_folder / "no-aws-credentials"),
        }
        url = f"{self.postgres}/{self.database}"
        for n in (1, 2, 3):
            env = environment(self.folder / f"host{n}", url, **shared)
            self.hosts.append(Host(f"host{n}", env, logs, web_port=free_port() if n < 3 else None))
        article3(self.hosts[0].env, "manage", "migrate", "--verbosity", "0")

    def people(self, users: int) -> list[dict[str, str]]:
        out = article3(self.hosts[0].env, "manage", "shell", "-c", SETUP.format(users=users, pw=PASSWORD)).stdout
        return list(json.loads(next(line for line in out.splitlines() if line.startswith("PEOPLE "))[7:]))

    def serve(self) -> None:
        for host in self.hosts:
            if host.web_port:
                host.start_web()
            host.start_worker()
        for host in self.hosts:
            if host.web_port:
                wait_http(f"http://127.0.0.1:{host.web_port}/readyz", 180)

    def stop(self) -> None:
        for host in self.hosts:
            stop(host.web, 30)
            stop(host.worker, 30)
        stop(self.moto, 10)
        redis_clean(self.redis_url)
        if self.database:
            import psycopg

            with psycopg.connect(f"{self.postgres}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


def redis_clean(url: str) -> None:
    """Remove the RQ and liveness keys of this Redis database (and nothing else)."""
    from redis import Redis

    connection = Redis.from_url(url)
    for pattern in ("rq:*", "article3:*"):
        keys = list(connection.scan_iter(pattern))
        if keys:
            connection.delete(*keys)


# --- the run -----------------------------------------------------------------------------------

def jobs_of_worker(redis_url: str, pid: int) -> list[str]:
    """The jobs a worker (by its process id, which ends its RQ name) is running now."""
    from redis import Redis
    from rq import Queue
    from rq.job import Job
    from rq.registry import StartedJobRegistry

    connection = Redis.from_url(redis_url)
    ids = StartedJobRegistry(queue=Queue("default", connection=connection)).get_job_ids()
    return [job.id for job in Job.fetch_many(ids, connection=connection)
            if job is not None and (job.worker_name or "").endswith(f".{pid}")]


def jobs_settled(redis_url: str, ids: list[str]) -> bool:
    from redis import Redis
    from rq.job import Job, JobStatus

    connection = Redis.from_url(redis_url)
    jobs = Job.fetch_many(ids, connection=connection)
    return all(job is None or job.get_status() in (JobStatus.FINISHED, JobStatus.FAILED) for job in jobs)


def queue_figures(redis_url: str) -> dict[str, int]:
    """Jobs still waiting or running, jobs RQ delivered a second time, and jobs in the failed registry."""
    from redis import Redis
    from rq import Queue
    from rq.job import Job
    from rq.registry import FailedJobRegistry, FinishedJobRegistry, StartedJobRegistry

    connection = Redis.from_url(redis_url)
    queue = Queue("default", connection=connection)
    settled = [*FinishedJobRegistry(queue=queue).get_job_ids(), *FailedJobRegistry(queue=queue).get_job_ids()]
    again = sum(1 for job in Job.fetch_many(settled, connection=connection)
                if job is not None and job.retries_left == 0)
    return {"waiting": queue.count + StartedJobRegistry(queue=queue).count, "delivered_twice": again,
            "failed_registry": FailedJobRegistry(queue=queue).count}


def locust_stats(prefix: Path) -> dict[str, dict[str, float]]:
    rows = {}
    with (prefix.parent / f"{prefix.name}_stats.csv").open() as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = {"requests": float(row["Request Count"]), "failures": float(row["Failure Count"]),
                                 "rps": float(row["Requests/s"]), "p50": float(row["50%"] or 0),
                                 "p95": float(row["95%"] or 0), "p99": float(row["99%"] or 0)}
    return rows


def run(*, folder: Path, users: int, seconds: float, postgres: str, redis_url: str,
        drain_timeout: float = 1800, drain: bool = True) -> dict[str, Any]:
    """Set the cluster up, load it, kill and restart hosts halfway, then wait for the killed host's
    jobs to finish elsewhere and (with `drain`) for the queue to empty, and check what was kept."""
    cluster = Cluster(folder=folder, postgres=postgres, redis_url=redis_url)
    report: dict[str, Any] = {"users": users, "seconds": seconds}
    began = time.monotonic()
    try:
        cluster.start()
        people = cluster.people(users)
        (folder / "people.json").write_text(json.dumps(people))
        acks = folder / "acks.jsonl"
        acks.touch()
        cluster.serve()
        report["setup_seconds"] = time.monotonic() - began
        proxy = Proxy([h.web_port for h in cluster.hosts if h.web_port])
        prefix = folder / "locust"
        env = {**os.environ, "CLUSTER_USERS": str(folder / "people.json"), "CLUSTER_ACKS": str(acks),
               "CLUSTER_PASSWORD": PASSWORD}
        with (folder / "logs" / "locust.log").open("wb") as log:  # the child keeps its own copy
            load = subprocess.Popen(
                [str(BIN / "locust"), "-f", str(ROOT / "benchmarks" / "cluster_locust.py"), "--headless",
                 "-u", str(users), "-r", str(max(1, users // 5)), "-t", f"{int(seconds)}s", "--host",
                 f"http://127.0.0.1:{proxy.port}", "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
                env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        time.sleep(seconds / 2)  # the load runs on its own: the driver only acts at half time
        victim, web = cluster.hosts[2], cluster.hosts[1]
        assert victim.worker is not None
        orphaned = jobs_of_worker(redis_url, victim.worker.pid)
        kill_host(victim.worker)
        killed_at = time.monotonic()
        stop(web.web)
        web.start_web()
        load.wait(timeout=seconds + 300)
        proxy.close()
        recovered = None
        while time.monotonic() - killed_at < drain_timeout:
            if recovered is None and jobs_settled(redis_url, orphaned):
                recovered = time.monotonic() - killed_at
            if recovered is not None and (not drain or queue_figures(redis_url)["waiting"] == 0):
                break
            time.sleep(1)
        time.sleep(2 * HEARTBEAT)  # a job finishing now has committed its record
        out = article3(cluster.hosts[0].env, "manage", "shell", "-c", CHECK.format(acks=str(acks))).stdout
        check = json.loads(next(line for line in out.splitlines() if line.startswith("CHECK "))[6:])
        report.update(stats=locust_stats(prefix), check=check, queue=queue_figures(redis_url),
                      tasks_lost=check["tasks_lost"], orphaned=len(orphaned), recovered_seconds=recovered,
                      drained_seconds=time.monotonic() - killed_at)
    finally:
        cluster.stop()
    return report


def show(report: dict[str, Any]) -> None:
    stats, check, queue = report["stats"], report["check"], report["queue"]
    total = stats.get("Aggregated", {})
    print(f"\n{report['users']} users, {report['seconds']:.0f} s, 2 web hosts behind round-robin, 3 worker hosts; "
          "at half time host 3 killed (SIGKILL) and host 2's web server restarted")
    print(f"set-up (database, five servers): {report.get('setup_seconds', 0):.0f} s")
    print(f"requests: {total.get('requests', 0):.0f} ({total.get('rps', 0):.1f}/s), "
          f"errors: {total.get('failures', 0):.0f}")
    for name, row in stats.items():
        if name != "Aggregated":
            print(f"  {name:<20} n={row['requests']:>6.0f}  err={row['failures']:>4.0f}  p50 {row['p50']:>6.0f} ms"
                  f"  p95 {row['p95']:>6.0f} ms  p99 {row['p99']:>6.0f} ms")
    print(f"acknowledged uploads: {check['acknowledged']}, lost: {check['lost']}")
    print(f"documents: {check['documents']}, bundle builds: {check['builds']}")
    print(f"tasks lost (record unfinished, no job for it): {report['tasks_lost']}; jobs still queued or running "
          f"when counted: {queue['waiting']} ({report['drained_seconds']:.0f} s after the kill); "
          f"in RQ's failed registry: {queue['failed_registry']}")
    print(f"tasks delivered twice: {queue['delivered_twice']}; records finished twice (state changed): "
          f"{check['finished_twice']}")
    recovered = report["recovered_seconds"]
    print(f"killed host's running tasks: {report['orphaned']}, finished elsewhere after "
          + (f"{recovered:.1f} s" if recovered is not None else "(not within the wait)"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--drain", type=float, default=1800, help="seconds to wait for the queue to empty")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="article3-cluster-") as tmp:
        report = run(folder=Path(tmp), users=args.users, seconds=args.seconds, postgres=args.postgres,
                     redis_url=args.redis, drain_timeout=args.drain)
    show(report)


if __name__ == "__main__":
    main()
