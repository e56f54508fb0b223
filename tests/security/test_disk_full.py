"""E3, disk full: the vault on a 20 MB tmpfs, filled until an upload no longer fits.

The real server (gunicorn) runs against a data folder whose vault is a small tmpfs (the test
mounts it, so it runs as root). It checks that the upload that does not fit is refused whole
(no row, no blob, no temporary file), that what was stored before is intact, that uploads
work again once space is freed, and that `verify` is clean afterwards.
"""

import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.security.live import Browser, Server, article3, article3_json, environment, migrated, user_add

EMAIL = "ana@example.org"
FILE = 600 * 1024


def _file(n: int) -> bytes:
    return (f"Page {n} of a long witness statement. " * (FILE // 36))[:FILE].encode()


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("disk-full")
    env = environment(migrated(folder / "data"))
    user_add(env, folder, EMAIL)
    vault = folder / "data" / "vault"
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m,mode=0700", "tmpfs", str(vault)],
                             capture_output=True, text=True)
    assert mounted.returncode == 0, f"mounting a tmpfs needs root: {mounted.stderr}"
    server = Server(env=env, logs=folder / "logs")
    try:
        yield _scenario(server, env, vault)
    finally:
        server.stop()
        subprocess.run(["umount", str(vault)], check=True)


def _scenario(server: Server, env: dict[str, str], vault: Path) -> dict[str, Any]:
    server.start(worker=False)  # no derived files: the vault holds exactly what was uploaded
    browser = Browser(server.base)
    browser.login(EMAIL)
    case = browser.case_create("FULL-1")
    filler = vault / "filler"
    free = os.statvfs(vault).f_bavail * os.statvfs(vault).f_frsize
    filler.write_bytes(b"\0" * (free - 3 * FILE - FILE // 2))  # room for three uploads and a half
    stored, refused = [], None
    for n in range(10):
        reply = browser.upload(case, f"statement-{n}.txt", _file(n))
        if reply.status == 200 and reply.json()["results"][0]["ok"]:
            stored.append(reply.json()["results"][0]["key"])
            continue
        refused = reply
        break
    leftovers = sorted(p.name for p in (vault / "tmp").iterdir())
    during = article3_json(env, "verify")
    filler.unlink()
    again = browser.upload(case, "statement-again.txt", _file(99))
    server.stop()
    then = time.time() - 7200  # as if the sweeper's hour of grace had passed
    for path in vault.rglob("*"):
        os.utime(path, (then, then))
    fixed = json.loads(article3(env, "verify", "--fix", "--format", "json").stdout)
    return {"stored": stored, "refused": refused, "leftovers": leftovers, "during": during, "again": again,
            "fixed": fixed, "after": article3_json(env, "verify")}


def test_the_upload_that_does_not_fit_leaves_nothing_and_the_rest_is_intact(full: dict[str, Any]) -> None:
    assert len(full["stored"]) == 3 and full["refused"] is not None, "three fit, the fourth did not"
    assert not (full["refused"].status == 200 and full["refused"].json()["results"][0]["ok"])
    assert full["leftovers"] == [], "no temporary file is left behind"
    during = full["during"]
    assert during["vault"]["intact"] == 3 and during["vault"]["missing"] == [] and during["vault"]["damaged"] == []
    assert during["audit"]["ok"] is True


def test_uploads_work_again_once_space_is_freed_and_verify_is_clean(full: dict[str, Any]) -> None:
    again = full["again"]
    assert again.status == 200 and again.json()["results"][0]["ok"] is True
    assert full["fixed"]["vault"]["removed"] == {"orphans": [], "leftovers": []}
    assert full["after"]["ok"] is True and full["after"]["vault"]["intact"] == 4


def test_the_refusal_says_plainly_that_the_store_is_full(full: dict[str, Any]) -> None:
    refused = full["refused"]
    assert refused.status == 200
    (result,) = refused.json()["results"]
    assert result["ok"] is False and "full" in result["error"].lower()
