"""Build the configured store from settings."""

from __future__ import annotations

from mixdown.settings import ServiceSettings
from mixdown.storage.base import ObjectStore


def open_store(settings: ServiceSettings) -> ObjectStore:
    if settings.storage_backend == "s3":
        from mixdown.storage.s3 import S3Store

        return S3Store(
            endpoint=settings.s3_endpoint,
            bucket=settings.s3_bucket,
            access_key=settings.s3_access_key.get_secret_value(),
            secret_key=settings.s3_secret_key.get_secret_value(),
            secure=settings.s3_secure,
            region=settings.s3_region,
        )
    from mixdown.storage.local import LocalStore

    return LocalStore(settings.storage_root)
