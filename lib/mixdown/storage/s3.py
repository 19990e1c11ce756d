"""S3 backend through the minio client (MinIO in Kubernetes, SeaweedFS in tests, any S3)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import urllib3
from minio import Minio
from minio.error import S3Error

from mixdown.errors import NotFound, Unavailable
from mixdown.storage.base import ObjectInfo, ObjectStore, validate_key

_MISSING = {"NoSuchKey", "NoSuchObject", "NotFound", "ResourceNotFound"}


class S3Store(ObjectStore):
    scheme = "s3"

    def __init__(
        self,
        endpoint: str,
        bucket: str,
        access_key: str,
        secret_key: str,
        secure: bool = False,
        region: str = "",
        timeout_seconds: float = 10.0,
    ) -> None:
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=timeout_seconds, read=timeout_seconds * 6),
            retries=urllib3.Retry(total=2, backoff_factor=0.2, status_forcelist=[500, 502, 503, 504]),
        )
        self.client = Minio(
            endpoint,
            access_key=access_key,
            secret_key=secret_key,
            secure=secure,
            region=region or None,
            http_client=http,
        )
        self.bucket = bucket
        self._bucket_ready = False

    def _call(self, fn, *args, **kwargs):
        try:
            if not self._bucket_ready:
                self._ensure_bucket()
            return fn(*args, **kwargs)
        except S3Error as exc:
            if exc.code in _MISSING:
                raise NotFound(f"object not found in bucket {self.bucket!r}: {exc.message}") from exc
            raise Unavailable(f"S3 error {exc.code}: {exc.message}") from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise Unavailable(f"S3 endpoint unreachable: {exc}") from exc

    def _ensure_bucket(self) -> None:
        if not self.client.bucket_exists(self.bucket):
            try:
                self.client.make_bucket(self.bucket)
            except S3Error as exc:
                if exc.code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                    raise
        self._bucket_ready = True

    def put_file(self, key: str, path: Path, content_type: str = "application/octet-stream") -> ObjectInfo:
        validate_key(key)
        self._call(self.client.fput_object, self.bucket, key, str(path), content_type=content_type)
        return ObjectInfo(key=key, size_bytes=Path(path).stat().st_size)

    def put_bytes(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> ObjectInfo:
        validate_key(key)
        self._call(
            self.client.put_object, self.bucket, key, io.BytesIO(data), len(data), content_type=content_type
        )
        return ObjectInfo(key=key, size_bytes=len(data))

    def get_file(self, key: str, dest: Path) -> Path:
        validate_key(key)
        dest.parent.mkdir(parents=True, exist_ok=True)
        self._call(self.client.fget_object, self.bucket, key, str(dest))
        return dest

    def get_bytes(self, key: str) -> bytes:
        response = self.open_read(key)
        try:
            return response.read()
        finally:
            response.close()

    def open_read(self, key: str) -> BinaryIO:
        validate_key(key)
        response = self._call(self.client.get_object, self.bucket, key)
        return _Response(response)

    def stat(self, key: str) -> ObjectInfo | None:
        validate_key(key)
        try:
            result = self._call(self.client.stat_object, self.bucket, key)
        except NotFound:
            return None
        return ObjectInfo(key=key, size_bytes=int(result.size or 0))

    def delete(self, key: str) -> None:
        validate_key(key)
        self._call(self.client.remove_object, self.bucket, key)

    def list(self, prefix: str) -> Iterator[str]:
        prefix = prefix.rstrip("/") + "/"
        objects = self._call(self.client.list_objects, self.bucket, prefix=prefix, recursive=True)
        try:
            keys = sorted(obj.object_name for obj in objects)
        except S3Error as exc:
            raise Unavailable(f"S3 error {exc.code}: {exc.message}") from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise Unavailable(f"S3 endpoint unreachable: {exc}") from exc
        yield from keys

    def check(self) -> None:
        self._call(self.client.bucket_exists, self.bucket)


class _Response(io.RawIOBase):
    """File-like wrapper that releases the HTTP connection on close."""

    def __init__(self, response) -> None:
        self._response = response

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self._response.read(None if size is None or size < 0 else size)

    def readinto(self, buffer) -> int:
        data = self._response.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._response.close()
            self._response.release_conn()
        super().close()
