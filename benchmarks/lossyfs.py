"""lossyfs: a FUSE passthrough filesystem that loses what was not fsynced when the power is cut.

Run: .venv/bin/python benchmarks/lossyfs.py serve BACKING MOUNTPOINT SHADOW   (foreground)
     .venv/bin/python benchmarks/lossyfs.py self-test

Every operation goes straight to the files under BACKING, so processes on MOUNTPOINT see a
normal filesystem. Beside it, lossyfs keeps in SHADOW what a disk would hold after a power cut:
  - for each file, its content as of its last fsync or fdatasync;
  - for each directory, its entry list (name -> file or subdirectory) as of its last fsync.
Whatever is under BACKING when the filesystem is mounted counts as durable (it is the state a
clean shutdown, or the previous power cut, left behind).

A power cut (`LossyMount.cut`) kill -9s the filesystem process, detaches the mount and rebuilds
BACKING from SHADOW alone: a file comes back with its last-synced content (empty if its entry
was synced but its data never was); a file whose directory entry was never synced is gone; an
unlink or rename not followed by an fsync of the directory is undone; a hard link made durable
under two names stays one file. A clean `LossyMount.unmount` keeps everything, like a clean
shutdown.

Limits of the model (it is stricter than ext4 in some ways and kinder in others):
  - no torn or reordered writes: a file comes back exactly as of one of its fsyncs, never with
    part of the writes made since, and never with a partly written sector;
  - fsync of a file does not make its directory entry durable (POSIX does not promise it; ext4
    usually does), and an fsync of a directory does not make its subdirectories' entries durable;
  - only content and names are modelled: modes come from the directory's last fsync, times
    and ownership are not kept (restored files get the current time and the runner's owner);
  - symlinks, xattrs, special files and file locks are passed through but not modelled
    (locks are kept by the kernel, which is enough for SQLite on one machine);
  - the shadow is written with ordinary writes: it survives the simulated cut, not a real one.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHUNK = 1024 * 1024
ROOT_ID = 1
FILE, FOLDER = "f", "d"
STAT_KEYS = ("st_mode", "st_nlink", "st_uid", "st_gid", "st_size", "st_atime", "st_mtime", "st_ctime",
             "st_blocks", "st_ino")


# ---------------------------------------------------------------- the durable state (SHADOW)

class Shadow:
    """What the disk would hold after a cut: synced file contents and synced directory listings."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files = folder / "files"
        self.dirs = folder / "dirs"
        self.ids: dict[int, int] = {}  # backing inode -> identity of the file or folder it holds now
        self.next_id = ROOT_ID

    def new_id(self, inode: int) -> int:
        """A new file or folder: even if the backing filesystem reuses an inode, this is not the old file."""
        self.ids[inode] = self.next_id
        self.next_id += 1
        return self.ids[inode]

    def id_of(self, inode: int) -> int:
        return self.ids[inode] if inode in self.ids else self.new_id(inode)

    def baseline(self, backing: Path) -> None:
        """At mount, everything under backing is durable: snapshot all of it."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self.files.mkdir(parents=True)
        self.dirs.mkdir()
        self.ids.clear()
        self.next_id = ROOT_ID
        self.new_id(backing.stat().st_ino)
        self._baseline_dir(backing)

    def _baseline_dir(self, folder: Path) -> None:
        for entry in os.scandir(folder):
            info = entry.stat(follow_symlinks=False)
            self.new_id(info.st_ino)
            if stat.S_ISDIR(info.st_mode):
                self._baseline_dir(Path(entry.path))
            elif stat.S_ISREG(info.st_mode):
                fd = os.open(entry.path, os.O_RDONLY)
                try:
                    self.sync_file(fd)
                finally:
                    os.close(fd)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            self.sync_dir(fd)
        finally:
            os.close(fd)

    def sync_file(self, fd: int) -> None:
        """fsync: the file's current content becomes what survives a cut."""
        ident = self.id_of(os.fstat(fd).st_ino)
        partial = self.files / f"{ident}.part"
        # The caller's descriptor may be write-only: read the same file through a fresh one.
        with open(f"/proc/self/fd/{fd}", "rb") as source, partial.open("wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        os.replace(partial, self.files / str(ident))

    def sync_dir(self, fd: int) -> None:
        """fsync of a folder: its current entries become what survives a cut."""
        ident = self.id_of(os.fstat(fd).st_ino)
        entries: dict[str, list[Any]] = {}
        for name in os.listdir(fd):
            info = os.stat(name, dir_fd=fd, follow_symlinks=False)
            if stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode):
                kind = FOLDER if stat.S_ISDIR(info.st_mode) else FILE
                entries[name] = [kind, self.id_of(info.st_ino), stat.S_IMODE(info.st_mode)]
        partial = self.dirs / f"{ident}.part"
        partial.write_text(json.dumps(entries))
        os.replace(partial, self.dirs / f"{ident}.json")


def restore(backing: Path, shadow: Path) -> None:
    """The power cut itself: replace backing with what the shadow says survived."""
    rebuilt = backing.with_name(backing.name + ".restoring")
    shutil.rmtree(rebuilt, ignore_errors=True)
    rebuilt.mkdir(mode=stat.S_IMODE(backing.stat().st_mode))
    _restore_dir(rebuilt, ROOT_ID, shadow, placed={})
    old = backing.with_name(backing.name + ".lost")
    shutil.rmtree(old, ignore_errors=True)
    backing.rename(old)
    rebuilt.rename(backing)
    shutil.rmtree(old)


def _restore_dir(folder: Path, ident: int, shadow: Path, placed: dict[int, Path]) -> None:
    listing = shadow / "dirs" / f"{ident}.json"
    entries = json.loads(listing.read_text()) if listing.exists() else {}  # entries never synced: empty
    for name, (kind, child, mode) in sorted(entries.items()):
        target = folder / name
        if kind == FOLDER:
            target.mkdir(mode=mode)
            _restore_dir(target, child, shadow, placed)
        elif child in placed:
            os.link(placed[child], target)  # one file under two durable names
        else:
            content = shadow / "files" / str(child)
            if content.exists():
                shutil.copyfile(content, target)
            else:
                target.touch()  # the entry was synced, the data never was
            os.chmod(target, mode)
            placed[child] = target


# ---------------------------------------------------------------- the filesystem

def _operations_class() -> type:
    """Built on demand so that importing this module does not need libfuse."""
    import mfusepy

    class LossyOperations(mfusepy.Operations):  # type: ignore[misc]
        use_ns = True

        def __init__(self, backing: Path, shadow: Shadow) -> None:
            self.backing = str(backing)
            self.shadow = shadow

        def _full(self, path: str) -> str:
            return self.backing + path

        def _created(self, path: str) -> None:
            self.shadow.new_id(os.lstat(self._full(path)).st_ino)

        def getattr(self, path: str, fh: int | None = None) -> dict[str, Any]:
            info = os.fstat(fh) if fh else os.lstat(self._full(path))
            found = {key: getattr(info, key) for key in STAT_KEYS}
            for key in ("st_atime", "st_mtime", "st_ctime"):
                found[key] = getattr(info, key + "_ns")
            return found

        def access(self, path: str, amode: int) -> int:
            if not os.access(self._full(path), amode):
                raise mfusepy.FuseOSError(errno.EACCES)
            return 0

        def readdir(self, path: str, fh: int) -> list[str]:
            return [".", "..", *os.listdir(self._full(path))]

        def readlink(self, path: str) -> str:
            return os.readlink(self._full(path))

        def mkdir(self, path: str, mode: int) -> int:
            os.mkdir(self._full(path), mode)
            self._created(path)
            return 0

        def mknod(self, path: str, mode: int, dev: int) -> int:
            os.mknod(self._full(path), mode, dev)
            self._created(path)
            return 0

        def rmdir(self, path: str) -> int:
            os.rmdir(self._full(path))
            return 0

        def unlink(self, path: str) -> int:
            os.unlink(self._full(path))
            return 0

        def symlink(self, target: str, source: str) -> int:
            os.symlink(source, self._full(target))
            return 0

        def link(self, target: str, source: str) -> int:
            os.link(self._full(source), self._full(target))
            return 0

        def rename(self, old: str, new: str) -> int:
            os.rename(self._full(old), self._full(new))
            return 0

        def chmod(self, path: str, mode: int) -> int:
            os.chmod(self._full(path), mode)
            return 0

        def chown(self, path: str, uid: int, gid: int) -> int:
            os.chown(self._full(path), uid, gid, follow_symlinks=False)
            return 0

        def utimens(self, path: str, times: tuple[int, int] | None = None) -> int:
            if times is None:
                os.utime(self._full(path))
            else:
                os.utime(self._full(path), ns=times)
            return 0

        def truncate(self, path: str, length: int, fh: int | None = None) -> int:
            if fh:
                os.ftruncate(fh, length)
            else:
                os.truncate(self._full(path), length)
            return 0

        def statfs(self, path: str) -> dict[str, int]:
            info = os.statvfs(self._full(path))
            return {key: getattr(info, key) for key in ("f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail",
                                                         "f_ffree", "f_files", "f_flag", "f_frsize", "f_namemax")}

        def open(self, path: str, flags: int) -> int:
            return os.open(self._full(path), flags)

        def create(self, path: str, mode: int, flags: int = os.O_WRONLY) -> int:
            fd = os.open(self._full(path), flags | os.O_CREAT, mode)
            self.shadow.new_id(os.fstat(fd).st_ino)
            return fd

        def read(self, path: str, size: int, offset: int, fh: int) -> bytes:
            return os.pread(fh, size, offset)

        def write(self, path: str, data: bytes, offset: int, fh: int) -> int:
            return os.pwrite(fh, data, offset)

        def flush(self, path: str, fh: int) -> int:
            return 0  # close() is not a sync

        def release(self, path: str, fh: int) -> int:
            os.close(fh)
            return 0

        def fsync(self, path: str, datasync: int, fh: int) -> int:
            self.shadow.sync_file(fh)
            return 0

        def fsyncdir(self, path: str, datasync: int, fh: int) -> int:
            fd = os.open(self._full(path), os.O_RDONLY | os.O_DIRECTORY)
            try:
                self.shadow.sync_dir(fd)
            finally:
                os.close(fd)
            return 0

    return LossyOperations


def serve(backing: Path, mountpoint: Path, shadow_folder: Path) -> None:
    import mfusepy

    shadow = Shadow(shadow_folder)
    shadow.baseline(backing)
    # One thread keeps the shadow consistent without locks; the kernel keeps the POSIX locks.
    mfusepy.FUSE(_operations_class()(backing, shadow), str(mountpoint), foreground=True, nothreads=True,
                 default_permissions=True)


# ---------------------------------------------------------------- driving it from another process

@dataclass
class LossyMount:
    """lossyfs over backing at mountpoint, run as a child process."""

    backing: Path
    mountpoint: Path
    shadow: Path
    log: Path | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def mount(self, timeout: float = 30) -> None:
        for folder in (self.backing, self.mountpoint):
            folder.mkdir(parents=True, exist_ok=True)
        out = self.log.open("ab") if self.log else subprocess.DEVNULL
        self.process = subprocess.Popen(
            [sys.executable, __file__, "serve", str(self.backing), str(self.mountpoint), str(self.shadow)],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while not os.path.ismount(self.mountpoint):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"lossyfs did not mount {self.mountpoint}; see {self.log}")
            time.sleep(0.05)

    def cut(self) -> None:
        """Power cut: the filesystem dies with whatever it held, and only the shadow survives."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        _fusermount("-u", "-z", self.mountpoint)
        restore(self.backing, self.shadow)

    def unmount(self) -> None:
        """Clean shutdown: everything written is kept."""
        _fusermount("-u", self.mountpoint)
        if self.process is not None:
            self.process.wait(timeout=30)


def _fusermount(*args: str | Path) -> None:
    command = shutil.which("fusermount3") or shutil.which("fusermount") or "fusermount3"
    subprocess.run([command, *map(str, args)], check=False, capture_output=True)


# ---------------------------------------------------------------- self-test

def self_test(folder: Path) -> list[str]:
    """Show that the cut drops what was not synced and keeps what was; return the failures."""
    lossy = LossyMount(folder / "backing", folder / "mnt", folder / "shadow")
    lossy.backing.mkdir(parents=True)
    (lossy.backing / "old.txt").write_bytes(b"durable at mount")
    lossy.mount()
    try:
        return _scenario(lossy)
    finally:
        if os.path.ismount(lossy.mountpoint):
            lossy.cut()


def _scenario(lossy: LossyMount) -> list[str]:
    mnt = lossy.mountpoint
    _write(mnt / "synced.txt", b"version 1", sync=True)
    _write(mnt / "entry-only.txt", b"data never synced", sync=False)
    _fsync_dir(mnt)
    _write(mnt / "synced.txt", b"version 2, not synced", sync=False)
    _write(mnt / "renamed.tmp", b"renamed", sync=True)
    _fsync_dir(mnt)
    _write(mnt / "unsynced.txt", b"never synced", sync=True)  # its data, but not its entry
    os.rename(mnt / "renamed.tmp", mnt / "renamed.txt")
    (mnt / "old.txt").unlink()
    lossy.cut()
    names = sorted(p.name for p in lossy.backing.iterdir())
    expect = {
        "unsynced file gone": "unsynced.txt" not in names,
        "synced file kept at its synced content": _read(lossy.backing / "synced.txt") == b"version 1",
        "synced entry, unsynced data: empty": _read(lossy.backing / "entry-only.txt") == b"",
        "rename without a folder fsync undone": "renamed.tmp" in names and "renamed.txt" not in names,
        "unlink without a folder fsync undone": _read(lossy.backing / "old.txt") == b"durable at mount",
    }
    lossy.mount()
    try:
        os.rename(mnt / "renamed.tmp", mnt / "renamed.txt")
        _fsync_dir(mnt)
    finally:
        lossy.cut()
    expect["rename with a folder fsync kept"] = _read(lossy.backing / "renamed.txt") == b"renamed"
    return [name for name, ok in expect.items() if not ok]


def _write(path: Path, content: bytes, *, sync: bool) -> None:
    with path.open("wb") as out:
        out.write(content)
        out.flush()
        if sync:
            os.fsync(out.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "serve":
        serve(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
    elif sys.argv[1:] == ["self-test"]:
        with tempfile.TemporaryDirectory(prefix="lossyfs-") as tmp:
            failures = self_test(Path(tmp))
        print("lossyfs self-test: " + ("FAIL: " + "; ".join(failures) if failures else "ok"))
        sys.exit(1 if failures else 0)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
