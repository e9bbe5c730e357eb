"""An output directory that is always one complete build: staged, sealed, swapped, locked.

``papergraph build`` never writes into OUTDIR itself. Under a lock, it writes the
whole build into ``.OUTDIR.papergraph-new`` beside it, seals it with a manifest
(``papergraph-manifest.json``: papergraph's version, the inputs with their sha256,
the counts, every file written with its size and sha256), flushes it to disk, and
swaps it in with two renames::

    OUTDIR -> .OUTDIR.papergraph-old      (the previous build, complete)
    .OUTDIR.papergraph-new -> OUTDIR      (the new build, complete)

then removes the old one. A kill at any moment therefore leaves OUTDIR as the previous
complete build or the new one. Between the two renames (microseconds) OUTDIR does
not exist; readers (:func:`open_build`) then read ``.OUTDIR.papergraph-old``, and the
next build (or ``--update``) renames it back before it starts (:func:`recover`), as it
removes a ``-new`` directory a killed build left.

The lock (:func:`locked`) is a POSIX record lock (``fcntl.lockf``) on
``.OUTDIR.papergraph-lock`` beside OUTDIR. It is held by the process, not inherited by
forked extraction workers, and released by the kernel when the process dies, so a
killed build never leaves it held; a second build refuses at once, naming the pid.

>>> import os, tempfile
>>> parent = tempfile.mkdtemp()
>>> with staged(os.path.join(parent, "out")) as stage:
...     _ = (stage.path / "graph.json").write_text("{}")
...     _ = stage.seal({"counts": {"papers": 0}})
>>> sorted(os.listdir(parent))
['.out.papergraph-lock', 'out']
>>> with open_build(os.path.join(parent, "out")) as build:
...     sorted(build.manifest["files"]), build.read_bytes("graph.json")
(['graph.json'], b'{}')
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import signal
import stat
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.atomic import OutputError, atomic_output, fsync_directory
from graph.store.manifest import (
    KNOWN_FILES,
    MANIFEST,
    MANIFEST_FORMAT,
    OWNED_EXTRAS,
    OutdirError,
    SavedBuild,
    file_digest,
    input_records,
    manifest_of,
    open_build,
    papergraph_version,
    sidecar,
)

__all__ = [
    "KNOWN_FILES",
    "MANIFEST",
    "OWNED_EXTRAS",
    "OutdirError",
    "OutputError",
    "SavedBuild",
    "Stage",
    "check_target",
    "file_digest",
    "input_records",
    "locked",
    "open_build",
    "recover",
    "refuse_inside",
    "sidecar",
    "staged",
]

_HELD: set[str] = set()  # lock files this process holds (POSIX locks do not exclude threads)
_HELD_GUARD = threading.Lock()


def _test_hook(point: str) -> None:
    """Fault injection for the crash tests: ``PAPERGRAPH_TEST_HOOK=kill:POINT`` kills the
    process with SIGKILL at ``POINT``; ``wait:POINT:PATH`` waits there (up to a minute)
    until ``PATH`` exists."""
    hook = os.environ.get("PAPERGRAPH_TEST_HOOK", "")
    action, _, rest = hook.partition(":")
    name, _, path = rest.partition(":")
    if name != point:
        return
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "wait":
        deadline = time.monotonic() + 60
        while not os.path.exists(path) and time.monotonic() < deadline:
            time.sleep(0.02)


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a file"


def _entries(directory: Path) -> list[str]:
    try:
        return sorted(os.listdir(directory))
    except OSError as exc:
        raise OutdirError(f"{directory}: cannot list it ({exc.strerror})") from exc


def check_target(outdir: str | Path, *, update: bool = False) -> Path:
    """The real path of the output directory ``outdir``, after checking papergraph may
    write it: a new path, an empty directory, or a directory a build made whose every
    entry papergraph wrote. With ``update`` there must be a build there to update.

    Raises :class:`OutdirError` with one sentence otherwise: a file, a device, a FIFO,
    a socket or a dangling symlink where the directory should be; a directory holding
    files papergraph did not write; for ``update``, no build.
    """
    shown = str(outdir)
    path = Path(outdir)
    if os.path.lexists(path):
        _refuse_non_directory(path, shown)
    real = Path(os.path.realpath(path))
    ancestor = real.parent
    while not os.path.lexists(ancestor):
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise OutdirError(f"{shown}: {ancestor} is a file, not a directory; give another OUTDIR")
    if real.parent == real:
        raise OutdirError(f"{shown} is the root directory; give a directory of its own")
    if not os.path.lexists(real):
        if update and not sidecar(real, "old").is_dir():
            raise OutdirError(
                f"{shown} does not exist, so there is no build to update; run "
                "`papergraph build` without --update first"
            )
        return real
    entries = _entries(real)
    allowed = _written_by_papergraph(real, entries, shown, update)
    foreign = sorted(
        (name for name in entries if name not in allowed),
        key=lambda name: (name.startswith("."), name),
    )
    if foreign:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        them = "them" if foreign[1:] else "it"
        raise OutdirError(
            f"{shown} holds {foreign[0]!r}{more}, which papergraph did not write "
            f"and will not overwrite: give an empty or new OUTDIR, or move {them} "
            "away"
        )
    if update and not entries:
        raise OutdirError(
            f"{shown} is empty, so there is no build to update; run `papergraph "
            "build` without --update first"
        )
    return real


def _refuse_non_directory(path: Path, shown: str) -> None:
    """Raise :class:`OutdirError` when ``path`` (which exists) is not a directory or a
    symlink to one."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise OutdirError(
            f"{shown} is a symlink to a missing path; papergraph will not "
            "replace the link, give a directory"
        ) from None
    except OSError as exc:
        raise OutdirError(f"{shown}: cannot use it ({exc.strerror})") from exc
    if not stat.S_ISDIR(mode):
        raise OutdirError(
            f"{shown} is {_kind(mode)}, not a directory; papergraph writes "
            "a directory of files and will not replace it: give another "
            "OUTDIR"
        )


def _written_by_papergraph(real: Path, entries: list[str], shown: str, update: bool) -> set[str]:
    """The entries of the directory ``real`` that a build wrote: those its manifest lists,
    or all of a build from before manifests; none when it holds no build (an error for
    ``update``, when it holds anything)."""
    manifest = manifest_of(real)
    if manifest is not None:
        return {MANIFEST, *manifest["files"], *OWNED_EXTRAS}
    leftovers = {e for e in entries if e.startswith(".") and e.endswith((".tmp", ".partial"))}
    if "graph.json" in entries and set(entries) <= KNOWN_FILES | leftovers:
        return set(entries)  # a build from before manifests
    if update and entries:
        raise OutdirError(
            f"{shown} holds no papergraph build (no {MANIFEST}, no graph.json); "
            "give the OUTDIR of an earlier `papergraph build`"
        )
    return set()


@contextlib.contextmanager
def locked(outdir: str | Path, shown: str | None = None) -> Iterator[None]:
    """Hold the lock of ``outdir`` (``.NAME.papergraph-lock`` beside it), or raise
    :class:`OutdirError` at once when another build holds it."""
    real = Path(os.path.realpath(outdir))
    shown = shown or str(outdir)
    lock_path = sidecar(real, "lock")
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise OutdirError(
            f"{shown}: cannot create its lock file {lock_path} ({exc.strerror})"
        ) from exc
    key = str(lock_path)
    try:
        with _HELD_GUARD:
            busy = key in _HELD
            if not busy:
                try:
                    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError as exc:
                    if exc.errno not in (errno.EACCES, errno.EAGAIN):
                        raise OutdirError(
                            f"{shown}: cannot lock {lock_path} ({exc.strerror})"
                        ) from exc
                    busy = True
                else:
                    _HELD.add(key)
        if busy:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise OutdirError(
                f"{shown} is being written by another papergraph build (pid "
                f"{holder}); wait for it to finish and run again"
            )
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
            yield
        finally:
            with _HELD_GUARD:
                _HELD.discard(key)
    finally:
        os.close(fd)  # releases the lock


def recover(outdir: str | Path) -> list[str]:
    """Undo what a killed build left beside ``outdir`` (call it holding the lock): remove
    an unfinished ``-new`` directory; put back the previous build if the kill came between
    the two renames, or remove it if the swap was done. Returns what was done."""
    real = Path(os.path.realpath(outdir))
    done = []
    new, old = sidecar(real, "new"), sidecar(real, "old")
    if os.path.lexists(new):
        shutil.rmtree(new)
        done.append(f"removed {new.name}, left by a build that did not finish")
    if os.path.lexists(old):
        if os.path.lexists(real):
            shutil.rmtree(old)
            done.append(f"removed {old.name}, the build before the last one")
        else:
            os.rename(old, real)
            fsync_directory(real.parent)
            done.append(
                f"put back the previous build from {old.name} (a build was killed while swapping)"
            )
    return done


@dataclass
class Stage:
    """A build being written: ``path`` is the directory to write into (beside OUTDIR),
    ``outdir`` the real OUTDIR it will replace, ``dropped`` the entries of the old OUTDIR
    that the new one will not have (a stale ``neo4j-import``)."""

    path: Path
    outdir: Path
    dropped: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    manifest: dict[str, Any] | None = None

    def seal(self, manifest: dict[str, Any]) -> dict[str, Any]:
        """Flush every file in the stage to disk, and write the manifest listing them
        (with size and sha256) and ``manifest``'s entries; the build is complete."""
        files = {}
        for name in sorted(os.listdir(self.path)):
            full = self.path / name
            if name == MANIFEST or not full.is_file():
                continue
            with open(full, "rb") as source:
                os.fsync(source.fileno())
            size, digest = file_digest(full)
            files[name] = {"bytes": size, "sha256": digest}
        sealed = {
            "papergraph_manifest": MANIFEST_FORMAT,
            "papergraph": papergraph_version(),
            **manifest,
            "files": files,
        }
        with atomic_output(self.path / MANIFEST) as out:
            json.dump(sealed, out, ensure_ascii=False, indent=1, sort_keys=True)
            out.write("\n")
        fsync_directory(self.path)
        self.manifest = sealed
        return sealed


@contextlib.contextmanager
def staged(outdir: str | Path, *, update: bool = False) -> Iterator[Stage]:
    """Lock ``outdir``, recover from a killed build, and yield a :class:`Stage` to write
    the new build into; on a clean exit after :meth:`Stage.seal`, swap it in. On any error
    the stage is removed and OUTDIR is left exactly as it was."""
    shown = str(outdir)
    check_target(outdir, update=update)
    with locked(outdir, shown):
        real = Path(os.path.realpath(outdir))
        try:
            recovered = recover(real)
        except OSError as exc:
            raise OutdirError(
                f"{shown}: cannot clean up after a killed build ({exc.strerror}: {exc.filename})"
            ) from exc
        real = check_target(outdir, update=update)
        path = sidecar(real, "new")
        try:
            os.mkdir(path)
        except OSError as exc:
            raise OutdirError(f"{shown}: cannot create {path} beside it ({exc.strerror})") from exc
        stage = Stage(path, real, recovered=recovered)
        if os.path.isdir(real):
            stage.dropped = [name for name in OWNED_EXTRAS if os.path.lexists(real / name)]
        try:
            _test_hook("staged")
            yield stage
            if stage.manifest is None:
                raise RuntimeError("a staged build was not sealed")
            _test_hook("sealed")
            _swap(stage)
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise


def _swap(stage: Stage) -> None:
    real, old = stage.outdir, sidecar(stage.outdir, "old")
    if os.path.lexists(real):
        with contextlib.suppress(OSError):  # the new build keeps the old one's permissions
            os.chmod(stage.path, stat.S_IMODE(os.stat(real).st_mode))
        os.rename(real, old)
        _test_hook("between-renames")
    os.rename(stage.path, real)
    fsync_directory(real.parent)
    _test_hook("swapped")
    shutil.rmtree(old, ignore_errors=True)


def refuse_inside(path: str | Path, outdir: str | Path, what: str) -> None:
    """:class:`OutdirError` when ``path`` is ``outdir`` or inside it (where the swap
    would lose it): ``what`` names the option."""
    real_path = Path(os.path.realpath(path))
    real_outdir = Path(os.path.realpath(outdir))
    if real_path == real_outdir or real_outdir in real_path.parents:
        raise OutdirError(
            f"{what} {path} is inside OUTDIR {outdir}, which each build replaces "
            "whole; leave it out to get OUTDIR/rejects.jsonl, or give a path "
            "outside OUTDIR"
        )
