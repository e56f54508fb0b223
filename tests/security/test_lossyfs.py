"""E2's fault injector: lossyfs really drops what was not fsynced when the power is cut."""

import os
from pathlib import Path

from benchmarks.lossyfs import LossyMount, self_test


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def test_a_cut_drops_unsynced_writes_entries_and_renames_and_keeps_synced_ones(tmp_path: Path) -> None:
    assert self_test(tmp_path) == []


def test_a_cut_keeps_a_synced_hard_link_and_brings_back_an_unsynced_unlink(tmp_path: Path) -> None:
    """The vault's pattern: fsync a spool, link it into place, fsync that folder, unlink the spool."""
    lossy = LossyMount(tmp_path / "backing", tmp_path / "mnt", tmp_path / "shadow")
    lossy.mount()
    try:
        (lossy.mountpoint / "tmp").mkdir()
        (lossy.mountpoint / "blobs").mkdir()
        _fsync_dir(lossy.mountpoint)
        spool = lossy.mountpoint / "tmp" / "spool.part"
        with spool.open("wb") as out:
            out.write(b"sealed blob")
            out.flush()
            os.fsync(out.fileno())
        os.link(spool, lossy.mountpoint / "blobs" / "abc")
        _fsync_dir(lossy.mountpoint / "blobs")
        _fsync_dir(lossy.mountpoint / "tmp")
        spool.unlink()  # not followed by an fsync of tmp: undone by the cut
        with (lossy.mountpoint / "blobs" / "abc").open("ab") as out:
            out.write(b" and an unsynced tail")
    finally:
        lossy.cut()
    blob, leftover = lossy.backing / "blobs" / "abc", lossy.backing / "tmp" / "spool.part"
    assert blob.read_bytes() == b"sealed blob"
    assert leftover.exists() and os.path.samefile(blob, leftover)  # one file under both synced names
    assert not os.path.ismount(lossy.mountpoint)


def test_a_new_data_folder_and_its_keys_survive_a_power_cut(tmp_path: Path) -> None:
    """First start: the data folder, the instance key and Django's secret key are durable as soon as
    they exist (an empty secret.key after a cut once stopped the application from starting)."""
    import subprocess
    import sys

    lossy = LossyMount(tmp_path / "backing", tmp_path / "mnt", tmp_path / "shadow")
    lossy.mount()
    try:
        data = lossy.mountpoint / "deep" / "data"
        env = {**os.environ, "ARTICLE3_DATA": str(data)}
        env.pop("ARTICLE3_KEY_FILE", None)
        code = "from article3 import datadir; datadir.ensure(); datadir.secret_key()"
        subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    finally:
        lossy.cut()
    kept = lossy.backing / "deep" / "data"
    assert len((kept / "instance.key").read_bytes()) == 32
    assert len((kept / "secret.key").read_text().strip()) > 40
    assert (kept / "vault").is_dir()
