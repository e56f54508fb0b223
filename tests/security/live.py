"""Article3 as it runs for real: `article3` commands, gunicorn and the task worker as processes.

Each process gets its own data folder (and database, when `database_url` is given), the
real audit triggers and the real task queue: none of the test-process shortcuts carry over.
The benchmarks use the same helpers.
"""

from __future__ import annotations

import atexit
import http.cookiejar
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Settings the test process sets for itself (tests/environment.py) that a real process must not inherit.
TEST_ONLY = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "ARTICLE3_AUDIT_GUARD", "ARTICLE3_TASK_BACKEND")
PASSWORD = "a long enough password 42"


def environment(data: Path, database_url: str | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    env["ARTICLE3_DATA"] = str(data)
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(extra)
    return env


_template: list[Path] = []


def migrated(data: Path) -> Path:
    """`data` (new, or an empty folder) made a data folder as a first command leaves it: its SQLite
    database migrated, the default organisation in it, its keys made. A copy of one this test process
    made once: migrating from nothing takes about 9 s of CPU, which each new folder would pay again.
    Only for the default settings' tables (ARTICLE3_TASKS with a Redis address adds django_rq's); tests
    of what a first command does start from an empty folder instead."""
    assert not data.exists() or not any(data.iterdir()), f"{data} is not empty"
    if not _template:
        base = Path(tempfile.mkdtemp(prefix="article3-template-"))
        atexit.register(shutil.rmtree, base, ignore_errors=True)
        article3(environment(base / "data"), "manage", "migrate", "--verbosity", "0")
        _template.append(base / "data")
    shutil.copytree(_template[0], data, dirs_exist_ok=True)
    return data


def article3(env: dict[str, str], *args: str, check: bool = True,
             timeout: float = 300) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "article3", *args], env=env, capture_output=True, text=True,
                            timeout=timeout)
    if check:
        assert result.returncode == 0, f"article3 {' '.join(args)}: {result.stderr[-3000:]}"
    return result


def article3_json(env: dict[str, str], *args: str) -> Any:
    return json.loads(article3(env, *args, "--format", "json").stdout)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def user_add(env: dict[str, str], folder: Path, email: str = "ana@example.org") -> None:
    """An admin of the default organisation, who signs in over HTTP with PASSWORD."""
    password = folder / "password.txt"
    password.write_text(PASSWORD)
    article3(env, "user", "create", "--org", "default", "--email", email, "--role", "admin",
             "--password-file", str(password))


@dataclass
class Server:
    """gunicorn and the task worker, each in its own process group so kill -9 takes all of it."""

    env: dict[str, str]
    logs: Path
    port: int = field(default_factory=free_port)
    workers: int = 2
    web: subprocess.Popen[bytes] | None = None
    worker: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, worker: bool = True, timeout: float = 120) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        self.start_web()
        if worker:
            self.start_worker()
        self.wait_ready(timeout)

    def start_web(self) -> None:
        command = [sys.executable, "-m", "gunicorn", "article3.wsgi", "--bind", f"127.0.0.1:{self.port}",
                   "--workers", str(self.workers), "--threads", "4", "--timeout", "120"]
        self.web = self._spawn(command, "web")

    def start_worker(self) -> None:
        self.worker = self._spawn([sys.executable, "-m", "article3", "worker"], "worker")

    def _spawn(self, command: list[str], name: str) -> subprocess.Popen[bytes]:
        with (self.logs / f"{name}.log").open("ab") as log:  # the child keeps its own copy
            return subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True)

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/accounts/login/", timeout=5):  # noqa: S310
                    return
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        raise RuntimeError(f"the server did not come up in {timeout} s; see {self.logs}")

    def kill(self, which: str) -> None:
        """kill -9 the whole process group: no cleanup handlers, no flushing."""
        process = self.web if which == "web" else self.worker
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop(self) -> None:
        for process in (self.web, self.worker):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in (self.web, self.worker):
            if process is not None:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body)


class Browser:
    """A signed-in person, over HTTP: cookies, the CSRF token, multipart uploads."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
                timeout: float = 60) -> Reply:
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers or {})  # noqa: S310
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return Reply(response.status, response.read(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read(), dict(error.headers))

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def csrf(self) -> str:
        token = next((c.value for c in self.jar if c.name == "csrftoken"), None)
        if token is None:
            self.get("/accounts/login/")
            token = next(c.value for c in self.jar if c.name == "csrftoken")
        return str(token)

    def post(self, path: str, fields: dict[str, str], files: list[tuple[str, bytes]] = (),  # type: ignore[assignment]
             accept_json: bool = False) -> Reply:
        boundary = uuid.uuid4().hex
        body = _multipart(boundary, {**fields, "csrfmiddlewaretoken": self.csrf()}, files)
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": self.base + path}
        if accept_json:
            headers["Accept"] = "application/json"
        return self.request("POST", path, body, headers)

    def login(self, email: str, password: str = PASSWORD) -> None:
        reply = self.post("/accounts/login/", {"email": email, "password": password})
        assert reply.status == 302, reply.body[:500]

    def case_create(self, reference: str) -> str:
        """Open a case through the form; return its path (/cases/<uuid>/)."""
        reply = self.post("/cases/new/", {"reference": reference, "forum": "us-eoir", "country_of_return": "CM",
                                          "applicant_name": "Applicant " + secrets.token_hex(3)})
        assert reply.status == 302, reply.body[:500]
        location = urllib.parse.urlparse(reply.headers["Location"]).path
        return location.removesuffix("intake/")

    def upload(self, case_path: str, name: str, content: bytes) -> Reply:
        return self.post(f"{case_path}evidence/upload/", {"kind": "other"}, [(name, content)], accept_json=True)


def _multipart(boundary: str, fields: dict[str, str], files: list[tuple[str, bytes]]) -> bytes:
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for filename, content in files:
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="uploads"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n")
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)
