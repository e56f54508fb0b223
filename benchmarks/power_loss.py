"""E2 power loss: uploads into a data folder on lossyfs, cut by kill -9 plus a simulated power cut.

Run: .venv/bin/python benchmarks/power_loss.py [--cycles 100] [--seed 1] [--keep FOLDER]

The data folder (SQLite database, vault, keys) lives on lossyfs (benchmarks/lossyfs.py), which
forgets every write not made durable by fsync when the power is cut. The benchmark first runs the
lossyfs self-test (un-fsynced data, entries and renames really are dropped), then, for each cycle:
  1. a driver process adds small distinct files to one case through the evidence service
     `document_add`, printing each document's key and SHA-256 only after `document_add` returned;
  2. after a random number of acknowledged uploads (and a random moment inside the next one) the
     driver is killed with SIGKILL and the power is cut: the filesystem rolls back to what was
     fsynced;
  3. on the remounted folder it checks that every upload acknowledged so far (in any cycle) is in
     the database with its SHA-256, that SQLite passes `PRAGMA integrity_check`, that no document
     row lacks its vault file and every vault file decrypts and re-hashes (`article3 verify`), and
     that after `verify --fix` (run as if the one-hour grace had passed) `verify` is clean.
The folder carries over from cycle to cycle, so each cycle also exercises the recovery of the
cuts before it (the checks' own writes are cut in the next cycle too). Uploads in flight at the
cut are all or nothing: absent, or present and intact (the vault check covers every row).
It prints the figures and exits 1 if a check fails.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import queue
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.lossyfs import LossyMount, self_test  # noqa: E402
from tests.security.live import article3, environment  # noqa: E402

REFERENCE = "POWER-1"
HOUR = 3600
DRIVER_TIMEOUT = 180.0
SETUP = f"""
from article3.accounts.models import Organisation
from article3.cases.services import case_create
case_create(actor="cli:power-loss", organisation=Organisation.objects.get(slug="default"),
            reference="{REFERENCE}", forum="us-eoir", country_of_return="CM", applicant_name="Power Test")
"""
INSPECT = """
import json
from django.db import connection
from article3.evidence.models import Document
with connection.cursor() as cursor:
    integrity = cursor.execute("PRAGMA integrity_check").fetchone()[0]
docs = dict(Document.objects.values_list("key", "original_sha256"))
print(json.dumps({"documents": docs, "integrity": integrity}))
"""


@dataclass
class Tally:
    acknowledged: dict[str, str] = field(default_factory=dict)  # document key -> sha256 sent
    in_flight: int = 0  # uploads started but not acknowledged when the power went
    in_flight_present: int = 0  # ... of which the cut kept the whole document
    lost: list[str] = field(default_factory=list)  # "cycle N: key" for acknowledged uploads missing or altered
    integrity_ok: int = 0
    vault_damaged_or_missing: int = 0
    orphans_swept: int = 0
    leftovers_swept: int = 0
    clean_after_fix: int = 0
    failures: list[str] = field(default_factory=list)


def run(*, folder: Path, cycles: int, seed: int = 1, say: Callable[[str], None] = print) -> dict[str, Any]:
    rng = random.Random(seed)
    lossy = LossyMount(folder / "backing", folder / "mnt", folder / "shadow", log=folder / "lossyfs.log")
    env = environment(lossy.mountpoint / "data")
    tally = Tally()
    started = time.monotonic()
    lossy.mount()
    try:
        article3(env, "manage", "shell", "-c", SETUP)
        lossy.unmount()  # a clean shutdown: the starting state is durable
        lossy.mount()
        for cycle in range(1, cycles + 1):
            acked, in_flight = _upload_until_cut(env, lossy, rng, folder / "driver.log")
            lossy.mount()
            _check(env, lossy.mountpoint, tally, cycle=cycle, acked=acked, in_flight=in_flight)
            say(f"  cycle {cycle}: {len(acked)} acknowledged, {'1' if in_flight else '0'} in flight at the cut, "
                f"{len(tally.acknowledged)} in all; problems so far: {len(tally.failures) + len(tally.lost)}")
    finally:
        if os.path.ismount(lossy.mountpoint):
            lossy.unmount()
    return _report(tally, cycles=cycles, seconds=time.monotonic() - started)


def _upload_until_cut(env: dict[str, str], lossy: LossyMount, rng: random.Random,
                      log: Path) -> tuple[dict[str, str], str | None]:
    """Run the driver, kill -9 it and cut the power after a random number of acknowledged uploads."""
    wanted, delay = rng.randint(0, 6), rng.random() * 0.15
    with log.open("ab") as errors:
        driver = subprocess.Popen([sys.executable, __file__, "_driver", str(rng.getrandbits(32))], env=env,
                                  stdout=subprocess.PIPE, stderr=errors, text=True, start_new_session=True)
        assert driver.stdout is not None
        lines = _lines(driver.stdout)
        acked: dict[str, str] = {}
        started: str | None = None
        try:
            while len(acked) < wanted or started is None:
                started = _consume(lines.get(timeout=DRIVER_TIMEOUT), acked, started)
            time.sleep(delay)  # land anywhere inside this upload or the next ones, not only between two
        finally:
            driver.kill()
            driver.wait()
            lossy.cut()
        while (line := lines.get(timeout=DRIVER_TIMEOUT)) is not None:  # what it printed before the kill
            started = _consume(line, acked, started)
    return acked, started


def _lines(stream: IO[str]) -> queue.Queue[str | None]:
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _consume(line: str | None, acked: dict[str, str], started: str | None) -> str | None:
    """Record one driver line; return the SHA-256 of the upload in progress, if any."""
    if line is None:
        raise RuntimeError("the upload driver stopped by itself; see driver.log")
    verb, *rest = line.split()
    if verb == "start":
        return rest[0]
    key, sha = rest
    acked[key] = sha
    return None


def _check(env: dict[str, str], mountpoint: Path, tally: Tally, *, cycle: int, acked: dict[str, str],
           in_flight: str | None) -> None:
    tally.acknowledged.update(acked)
    state = json.loads(article3(env, "manage", "shell", "-c", INSPECT).stdout.strip().splitlines()[-1])
    stored: dict[str, str] = state["documents"]
    for key, sha in list(tally.acknowledged.items()):
        if stored.get(key) != sha:
            tally.lost.append(f"cycle {cycle}: {key}")
            del tally.acknowledged[key]  # counted once, even if a later upload reuses the key
    if in_flight:
        tally.in_flight += 1
        tally.in_flight_present += in_flight in stored.values()
    if state["integrity"] == "ok":
        tally.integrity_ok += 1
    else:
        tally.failures.append(f"cycle {cycle}: integrity_check says {state['integrity'][:200]}")
    _age(mountpoint / "data" / "vault", seconds=2 * HOUR)
    fixed = json.loads(article3(env, "verify", "--fix", "--format", "json", check=False).stdout)
    after = json.loads(article3(env, "verify", "--format", "json", check=False).stdout)
    vault = fixed["vault"]
    if vault["damaged"] or vault["missing"]:
        tally.vault_damaged_or_missing += len(vault["damaged"]) + len(vault["missing"])
        tally.failures.append(f"cycle {cycle}: vault damaged {vault['damaged']}, missing {vault['missing']}")
    tally.orphans_swept += len(vault["removed"]["orphans"])
    tally.leftovers_swept += len(vault["removed"]["leftovers"])
    if after["ok"]:
        tally.clean_after_fix += 1
    else:
        tally.failures.append(f"cycle {cycle}: verify after --fix: audit {after['audit']}, {after['vault']['summary']}")


def _age(vault: Path, *, seconds: int) -> None:
    """Make every vault file look older than the sweeper's grace, as if an hour had passed."""
    then = time.time() - seconds
    for path in vault.rglob("*"):
        if path.is_file():
            os.utime(path, (then, then))


def _report(tally: Tally, *, cycles: int, seconds: float) -> dict[str, Any]:
    report = {
        "cycles": cycles, "seconds": round(seconds, 1),
        "acknowledged": len(tally.acknowledged) + len(tally.lost),
        "acknowledged_lost_or_corrupt": tally.lost,
        "in_flight_at_cut": tally.in_flight, "in_flight_present_intact": tally.in_flight_present,
        "sqlite_integrity_ok": f"{tally.integrity_ok}/{cycles}",
        "vault_damaged_or_missing": tally.vault_damaged_or_missing,
        "orphans_swept": tally.orphans_swept, "leftovers_swept": tally.leftovers_swept,
        "verify_clean_after_fix": f"{tally.clean_after_fix}/{cycles}",
        "failures": tally.failures[:20],
    }
    report["ok"] = not tally.lost and not tally.failures
    return report


def driver(seed: int) -> None:
    """Add files until killed; print `ack KEY SHA256` only once `document_add` has returned."""
    from article3.cli import case_by_reference, setup_django

    setup_django()
    from article3.evidence.services import document_add

    case = case_by_reference("default", REFERENCE)
    rng = random.Random(seed)
    for number in range(1_000_000):
        content = f"Power-loss test file {seed}-{number}, {rng.getrandbits(64):016x}.\n".encode() * rng.randint(1, 400)
        sha = hashlib.sha256(content).hexdigest()
        print(f"start {sha}", flush=True)
        document = document_add(actor="cli:power-loss", case=case, stream=io.BytesIO(content),
                                filename=f"power-{number}.txt", kind="other")
        print(f"ack {document.key} {sha}", flush=True)


def main() -> None:
    if sys.argv[1:2] == ["_driver"]:
        driver(int(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cycles", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None, help="work in this (new) folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="article3-power-") as tmp:
        failures = self_test(Path(tmp))
    print("lossyfs self-test: " + ("FAIL: " + "; ".join(failures) if failures else "ok"))
    if failures:
        sys.exit(1)
    print(f"Power-loss benchmark: {args.cycles} cycles (SQLite and vault on lossyfs)")
    if args.keep:
        args.keep.mkdir(parents=True)
        report = run(folder=args.keep.resolve(), cycles=args.cycles, seed=args.seed)
    else:
        with tempfile.TemporaryDirectory(prefix="article3-power-") as tmp:
            report = run(folder=Path(tmp), cycles=args.cycles, seed=args.seed)
    print(json.dumps(report, indent=2))
    print("PASS" if report["ok"] else "FAIL")
    sys.exit(0 if report["ok"] else 1)


if __name__ == "__main__":
    main()
