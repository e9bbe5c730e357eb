"""What an output directory is: its manifest, and reading a build back through it.

A sealed build (see :mod:`graph.store.outdir`) holds ``papergraph-manifest.json``: papergraph's
version, the inputs with their sha256, the counts, the accounting, the settings, and every
file written with its size and sha256. :func:`open_build` opens a build for reading
through one directory descriptor and checks it against the manifest, so a damaged,
changed or half-copied OUTDIR is one sentence naming the file, and a build swapped in
meanwhile never mixes into what is read.

>>> import os, tempfile
>>> outdir = tempfile.mkdtemp()
>>> with open(os.path.join(outdir, "graph.json"), "w") as out:
...     _ = out.write("{}")
>>> with open_build(outdir) as build:  # no manifest: a build from before manifests
...     build.manifest, build.read_bytes("graph.json")
(None, b'{}')
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import IO, Any

__all__ = [
    "DISTRIBUTION",
    "KNOWN_FILES",
    "MANIFEST",
    "MANIFEST_FORMAT",
    "OWNED_EXTRAS",
    "OutdirError",
    "SavedBuild",
    "file_digest",
    "input_records",
    "manifest_of",
    "open_build",
    "papergraph_version",
    "sidecar",
]

#: papergraph's distribution name (``pip install papergraph-kg``; the command is ``papergraph``)
DISTRIBUTION = "papergraph-kg"
MANIFEST = "papergraph-manifest.json"
MANIFEST_FORMAT = 1
# What papergraph writes into an output directory after a build (not in the manifest):
# ``papergraph neo4j export-csv`` writes its bundle here. A new build drops it (stale).
OWNED_EXTRAS = ("neo4j-import",)
# Every name a build of any papergraph version wrote (an OUTDIR from before manifests)
KNOWN_FILES = frozenset({
    "papers.jsonl", "mentions.jsonl", "rejects.jsonl", "update.rejects.jsonl", "graph.json",
    "papergraph.graphml", "papergraph.gexf", "papergraph.json", "nodes.csv", "edges.csv",
    "overview.png", MANIFEST, *OWNED_EXTRAS,
})  # fmt: skip
_CHUNK = 1 << 20


class OutdirError(ValueError):
    """An output directory that cannot be written or read, in one sentence naming it."""


def papergraph_version() -> str:
    """The installed version of papergraph (of :data:`DISTRIBUTION`), ``unknown`` when it
    runs from a checkout that was not installed.

    >>> papergraph_version() != ""
    True
    """
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a checkout
        return "unknown"


def sidecar(outdir: Path, what: str) -> Path:
    """``.NAME.papergraph-WHAT`` beside ``outdir`` (``lock``, ``new`` or ``old``)."""
    return outdir.parent / f".{outdir.name}.papergraph-{what}"


def file_digest(path: str | Path) -> tuple[int, str]:
    """The size and sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as source:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def manifest_of(directory: Path) -> dict[str, Any] | None:
    """The manifest in ``directory``, ``None`` when it has none; OutdirError when damaged."""
    path = directory / MANIFEST
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutdirError(f"{path}: cannot read it ({exc.strerror})") from exc
    return _parse_manifest(raw, path)


def _parse_manifest(raw: bytes, path: Path | str) -> dict[str, Any]:
    try:
        manifest = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise OutdirError(
            f"{path}: the manifest is not valid JSON (the directory is damaged); build it again"
        ) from exc
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if (
        not isinstance(files, dict)
        or manifest.get("papergraph_manifest") != MANIFEST_FORMAT
        or not all(
            isinstance(v, dict)
            and isinstance(v.get("bytes"), int)
            and isinstance(v.get("sha256"), str)
            for v in files.values()
        )
    ):
        raise OutdirError(
            f"{path}: not a papergraph manifest of format {MANIFEST_FORMAT} "
            "(the directory is damaged or from another program)"
        )
    return manifest


@dataclass
class SavedBuild:
    """A build opened for reading (:func:`open_build`): its files are read through one
    open directory, so a build swapped in meanwhile does not mix into what is read."""

    shown: str
    fd: int
    manifest: dict[str, Any] | None

    def exists(self, name: str) -> bool:
        try:
            os.stat(name, dir_fd=self.fd)
        except FileNotFoundError:
            return False
        return True

    def _open(self, name: str) -> IO[bytes]:
        try:
            fd = os.open(name, os.O_RDONLY, dir_fd=self.fd)
        except FileNotFoundError:
            if self.manifest is not None and name in self.manifest["files"]:
                raise OutdirError(
                    f"{self.shown}: {name}, which its manifest lists, is missing "
                    "(files were removed after the build); build it "
                    "again"
                ) from None
            raise
        except IsADirectoryError:
            raise OutdirError(
                f"{self.shown}/{name} is a directory, not a file (the "
                "directory is damaged); build it again"
            ) from None
        except OSError as exc:
            raise OutdirError(f"{self.shown}/{name}: cannot read it ({exc.strerror})") from exc
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            os.close(fd)
            raise OutdirError(
                f"{self.shown}/{name} is a directory, not a file (the "
                "directory is damaged); build it again"
            )
        return os.fdopen(fd, "rb")

    def _mismatch(self, name: str, size: int, expected: dict[str, Any]) -> OutdirError:
        what = "its sha256 differs from the manifest's"
        if size != expected["bytes"]:
            what = f"{size:,} bytes where the manifest says {expected['bytes']:,}"
        return OutdirError(
            f"{self.shown}/{name} is not the file the build wrote ({what}): it "
            "was changed or damaged after the build; build it again"
        )

    def read_bytes(self, name: str) -> bytes:
        """The content of ``name``, checked against the manifest when there is one."""
        with self._open(name) as source:
            data = source.read()
        expected = (self.manifest or {}).get("files", {}).get(name)
        if expected is not None and (
            len(data) != expected["bytes"] or hashlib.sha256(data).hexdigest() != expected["sha256"]
        ):
            raise self._mismatch(name, len(data), expected)
        return data

    def lines(self, name: str) -> Iterator[bytes]:
        """The lines of ``name``, streamed; the manifest's check runs at the end."""
        expected = (self.manifest or {}).get("files", {}).get(name)
        digest, size = hashlib.sha256(), 0
        with self._open(name) as source:
            for line in source:
                digest.update(line)
                size += len(line)
                yield line
        if expected is not None and (
            size != expected["bytes"] or digest.hexdigest() != expected["sha256"]
        ):
            raise self._mismatch(name, size, expected)

    def check_files(self) -> None:
        """Every file the manifest lists is there with its size (a cheap check)."""
        for name, expected in (self.manifest or {}).get("files", {}).items():
            try:
                info = os.stat(name, dir_fd=self.fd)
            except FileNotFoundError:
                raise OutdirError(
                    f"{self.shown}: {name}, which its manifest lists, is missing "
                    "(files were removed after the build); build it "
                    "again"
                ) from None
            if not stat.S_ISREG(info.st_mode):
                raise OutdirError(
                    f"{self.shown}/{name} is not a regular file (the directory "
                    "is damaged); build it again"
                )
            if info.st_size != expected["bytes"]:
                raise self._mismatch(name, info.st_size, expected)


@contextlib.contextmanager
def open_build(outdir: str | Path) -> Iterator[SavedBuild]:
    """Open the build in ``outdir`` for reading, checked against its manifest (every
    listed file present with its size; :meth:`SavedBuild.read_bytes` checks the hash).

    While a build swaps in its result, OUTDIR is briefly missing: the previous build
    beside it is read instead. Raises ``FileNotFoundError`` when there is no directory,
    :class:`OutdirError` when it is damaged.
    """
    shown = str(outdir).rstrip("/") or "/"
    path = Path(outdir)
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    fd = None
    for _attempt in range(5):
        for candidate in (path, sidecar(Path(os.path.abspath(path)), "old")):
            try:
                fd = os.open(candidate, flags)
            except FileNotFoundError:
                continue
            except NotADirectoryError:
                raise OutdirError(f"{shown} is not a directory") from None
            except OSError as exc:
                raise OutdirError(f"{shown}: cannot read it ({exc.strerror})") from exc
            break
        if fd is None:
            raise FileNotFoundError(f"{shown}: no such directory; run `papergraph build` first")
        try:
            try:
                manifest_fd = os.open(MANIFEST, os.O_RDONLY, dir_fd=fd)
            except FileNotFoundError:
                manifest = None
            else:
                with os.fdopen(manifest_fd, "rb") as source:
                    manifest = _parse_manifest(source.read(), f"{shown}/{MANIFEST}")
            build = SavedBuild(shown, fd, manifest)
            build.check_files()
        except (OutdirError, FileNotFoundError):
            os.close(fd)
            fd = None
            if not os.path.exists(path):  # swapped away while we read: try again
                continue
            raise
        try:
            yield build
        finally:
            os.close(fd)
        return
    raise OutdirError(f"{shown} kept changing while it was read; run again")


def input_records(paths: Iterable[str]) -> list[dict[str, Any]]:
    """``{"path", "bytes", "sha256"}`` for each input file (``None`` for standard input
    or a file that cannot be read again)."""
    records = []
    for path in paths:
        size = digest = None
        if path != "-" and os.path.isfile(path):
            with contextlib.suppress(OSError):
                size, digest = file_digest(path)
        records.append({"path": path, "bytes": size, "sha256": digest})
    return records
