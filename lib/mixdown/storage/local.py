"""Local filesystem backend: the embedded default. Writes are atomic (temp file + rename)."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from mixdown.errors import Conflict, NotFound, Unavailable
from mixdown.storage.base import ObjectInfo, ObjectStore, validate_key, validate_prefix

# "~" is outside the key alphabet, so a temporary file can never be mistaken for an object.
_TMP_PREFIX = ".~tmp-"


def _write_atomic(path: Path, writer: Callable[[BinaryIO], object], durable: bool = True) -> None:
    """Write ``path`` through a temporary file in the same folder, fsync (when ``durable``),
    then rename."""
    for attempt in range(3):
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_TMP_PREFIX)
            break
        except FileNotFoundError:  # a concurrent delete pruned the empty folder: make it again
            if attempt == 2:
                raise
    try:
        with os.fdopen(fd, "wb") as out:
            writer(out)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _link_atomic(source: Path, dest: Path) -> bool:
    """Give the file ``source`` the name ``dest`` too (a hard link renamed into place, so
    ``dest`` appears whole or not at all). False where links cannot be made (another
    filesystem, no support); FileNotFoundError when ``source`` is gone, NotADirectoryError,
    FileExistsError or IsADirectoryError when ``dest`` clashes with a folder."""
    tmp = dest.with_name(f"{_TMP_PREFIX}{os.urandom(6).hex()}")
    try:
        os.link(source, tmp)
    except (FileNotFoundError, NotADirectoryError, FileExistsError):
        raise
    except OSError:
        return False
    try:
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)  # left on failure, or when ``dest`` already was ``source`` (renamed onto itself)
    return True


class LocalStore(ObjectStore):
    scheme = "file"

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.root / validate_key(key)

    @staticmethod
    def _clash(key: str, exc: OSError) -> Conflict:
        return Conflict(
            f"object key {key!r} clashes with an existing key: on the filesystem a key cannot "
            f"also be the prefix of other keys ({exc.strerror})"
        )

    def _put(self, key: str, writer: Callable[[BinaryIO], object]) -> ObjectInfo:
        path = self._path(key)
        try:
            _write_atomic(path, writer)
        except (NotADirectoryError, FileExistsError, IsADirectoryError) as exc:
            raise self._clash(key, exc) from exc
        return ObjectInfo(key=key, size_bytes=path.stat().st_size)

    def _existing(self, key: str) -> Path:
        path = self._path(key)
        if not path.is_file():
            raise NotFound(f"object {key!r} not found under {self.root}")
        return path

    def put_file(self, key: str, path: Path, content_type: str = "application/octet-stream") -> ObjectInfo:
        """The file itself becomes the object when it is on the same filesystem (synced, then
        hard-linked into place: no copy), else it is copied."""
        target = self._path(key)
        with open(path, "rb") as src:  # a missing source raises FileNotFoundError before anything is written
            os.fsync(src.fileno())
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                if _link_atomic(Path(path), target):
                    return ObjectInfo(key=key, size_bytes=os.fstat(src.fileno()).st_size)
            except (NotADirectoryError, FileExistsError, IsADirectoryError) as exc:
                raise self._clash(key, exc) from exc

            def copy(out: BinaryIO) -> None:
                shutil.copyfileobj(src, out, 1 << 20)

            return self._put(key, copy)

    def put_bytes(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> ObjectInfo:
        return self._put(key, lambda out: out.write(data))

    def get_file(self, key: str, dest: Path) -> Path:
        """A hard link to the object when ``dest`` is on the same filesystem (objects are
        replaced, never rewritten, so the link keeps the bytes it was made with), else a copy.
        Either way ``dest`` is a scratch file: nothing is fsynced."""
        src = self._existing(key)
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            if _link_atomic(src, dest):
                return dest
        except FileNotFoundError as exc:  # deleted since the check
            raise NotFound(f"object {key!r} not found under {self.root}") from exc
        with open(src, "rb") as handle:
            _write_atomic(dest, lambda out: shutil.copyfileobj(handle, out, 1 << 20), durable=False)
        return dest

    def get_bytes(self, key: str) -> bytes:
        return self._existing(key).read_bytes()

    def open_read(self, key: str) -> BinaryIO:
        try:
            return open(self._existing(key), "rb")
        except FileNotFoundError as exc:  # deleted between the check and the open
            raise NotFound(f"object {key!r} not found under {self.root}") from exc

    def stat(self, key: str) -> ObjectInfo | None:
        path = self._path(key)
        try:
            if not path.is_file():
                return None
            return ObjectInfo(key=key, size_bytes=path.stat().st_size)
        except FileNotFoundError:
            return None

    def delete(self, key: str) -> None:
        path = self._path(key)
        if path.is_dir():  # a prefix of other keys, not an object: nothing to delete
            return
        path.unlink(missing_ok=True)
        self._prune(path.parent)

    def _prune(self, folder: Path) -> None:
        """Remove folders left empty, up to the root, so that a freed key can become an object."""
        while folder != self.root and self.root in folder.parents:
            try:
                folder.rmdir()
            except OSError as exc:
                if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOENT):
                    raise
                if exc.errno != errno.ENOENT:
                    return
            folder = folder.parent

    def list(self, prefix: str) -> Iterator[str]:
        base = self.root / validate_prefix(prefix)
        keys: list[str] = []
        for dirpath, _dirnames, filenames in os.walk(base):
            folder = Path(dirpath)
            for name in filenames:
                if not name.startswith(_TMP_PREFIX):
                    keys.append((folder / name).relative_to(self.root).as_posix())
        return iter(sorted(keys))  # string order, the same as S3 (not path-part order)

    def check(self) -> None:
        if not self.root.is_dir() or not os.access(self.root, os.W_OK):
            raise Unavailable(f"storage root {self.root} is not a writable folder")
