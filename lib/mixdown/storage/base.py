"""The storage interface every backend implements.

Keys are relative POSIX paths such as ``tenants/<tenant>/jobs/<job>/mix.wav``. A key never
starts with ``/``, never contains ``..`` or empty segments, and is limited to a safe alphabet,
so that a key can never escape its tenant's prefix on any backend.

Portability: a key must not also be the prefix of other keys (``a/b`` and ``a/b/c``); S3
allows it, a filesystem cannot, and :class:`~mixdown.storage.local.LocalStore` raises Conflict.
"""

from __future__ import annotations

import abc
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from mixdown.errors import InvalidInput

_SEGMENT = re.compile(r"^[A-Za-z0-9._-]{1,200}$")


def validate_key(key: str) -> str:
    """Return ``key`` if it is a safe object key, else raise InvalidInput naming the problem."""
    if not isinstance(key, str) or not key or key.startswith("/") or len(key) > 1000:
        raise InvalidInput(f"invalid object key {key!r}: must be a relative path of 1 to 1000 characters")
    for segment in key.split("/"):
        # fullmatch: ``$`` in ``match`` would accept a segment ending in a newline
        if segment in ("", ".", "..") or not _SEGMENT.fullmatch(segment):
            raise InvalidInput(
                f"invalid object key {key!r}: bad segment {segment!r} (allowed: letters, digits, '.', '_', '-')"
            )
    return key


def validate_prefix(prefix: str) -> str:
    """A listing prefix: a valid key, optionally with one trailing ``/``; returned without it."""
    if isinstance(prefix, str) and prefix.endswith("/"):
        prefix = prefix[:-1]
    return validate_key(prefix)


def job_prefix(tenant: str, job_id: str) -> str:
    """The prefix under which every object of a job lives."""
    return validate_key(f"tenants/{tenant}/jobs/{job_id}")


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    size_bytes: int


class ObjectStore(abc.ABC):
    """Blocking object-store API; async callers wrap calls in ``asyncio.to_thread``."""

    scheme: str

    @abc.abstractmethod
    def put_file(self, key: str, path: Path, content_type: str = "application/octet-stream") -> ObjectInfo:
        """Upload a local file (streamed, never read whole into memory).

        Afterwards the caller deletes or replaces ``path``, never writes into it: a store on the
        local filesystem may keep it as a second name of the object."""

    @abc.abstractmethod
    def put_bytes(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> ObjectInfo:
        """Store a small object."""

    @abc.abstractmethod
    def get_file(self, key: str, dest: Path) -> Path:
        """Download an object to ``dest`` (streamed; ``dest`` appears whole or not at all).

        ``dest`` is for reading: a store on the local filesystem may make it a second name of
        the stored (immutable) file, so the caller deletes or replaces it, never writes into it."""

    @abc.abstractmethod
    def get_bytes(self, key: str) -> bytes:
        """Read a small object whole."""

    @abc.abstractmethod
    def open_read(self, key: str) -> BinaryIO:
        """A readable stream of the object; the caller closes it."""

    @abc.abstractmethod
    def stat(self, key: str) -> ObjectInfo | None:
        """Size of the object, or None when it does not exist."""

    @abc.abstractmethod
    def delete(self, key: str) -> None:
        """Remove an object; removing a missing object is not an error."""

    @abc.abstractmethod
    def list(self, prefix: str) -> Iterator[str]:
        """Keys under ``prefix + "/"`` (recursive), sorted as strings; ``tenants/a/jobs/1`` does
        not list ``tenants/a/jobs/10/…``, nor an object whose key is the prefix itself."""

    @abc.abstractmethod
    def check(self) -> None:
        """Raise Unavailable when the backend cannot be reached."""

    def exists(self, key: str) -> bool:
        return self.stat(key) is not None

    def delete_prefix(self, prefix: str) -> int:
        """Remove every key that :meth:`list` yields for ``prefix``; returns how many."""
        count = 0
        for key in list(self.list(prefix)):
            self.delete(key)
            count += 1
        return count

    def uri(self, key: str) -> str:
        """The object reference carried in messages: ``<scheme>://<key>``."""
        return f"{self.scheme}://{validate_key(key)}"

    def key_from_uri(self, uri: str) -> str:
        prefix = f"{self.scheme}://"
        if not uri.startswith(prefix):
            raise InvalidInput(f"object reference {uri!r} does not belong to {self.scheme} storage")
        return validate_key(uri[len(prefix):])
