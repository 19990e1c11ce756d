"""API key format: ``mdk_<id>_<secret>``, stored only as the SHA-256 of the whole key.

``id`` (12 lowercase hex digits) is public: it names the key in listings, logs and revocations.
``secret`` is 43 URL-safe base64 characters (32 random bytes, 256 bits), so a plain SHA-256 is
enough to store it (no slow hash is needed against guessing: there is nothing to guess from).
Pure functions, shared by the gateway (which checks keys) and the embedded stack (which makes
its development key).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

PREFIX = "mdk"
ID_HEX_CHARS = 12
SECRET_BYTES = 32
_KEY = re.compile(rf"^{PREFIX}_([0-9a-f]{{{ID_HEX_CHARS}}})_([A-Za-z0-9_-]{{40,128}})$")


def new_api_key() -> str:
    """A fresh random key, ``mdk_<12 hex>_<43 url-safe chars>``."""
    return f"{PREFIX}_{secrets.token_hex(ID_HEX_CHARS // 2)}_{secrets.token_urlsafe(SECRET_BYTES)}"


def key_id(key: str) -> str:
    """The public id of a well-formed key; ValueError naming the expected shape otherwise."""
    match = _KEY.match(key)
    if match is None:
        raise ValueError(f"an API key looks like {PREFIX}_<{ID_HEX_CHARS} hex digits>_<40 to 128 url-safe characters>")
    return match.group(1)


def is_api_key(key: str) -> bool:
    return _KEY.match(key) is not None


def hash_api_key(key: str) -> str:
    """Hex SHA-256 of the whole key: what is stored, never the key itself."""
    return hashlib.sha256(key.encode()).hexdigest()


def matches(key: str, stored_sha256: str) -> bool:
    """Constant-time comparison of a presented key with a stored hash."""
    return hmac.compare_digest(hash_api_key(key), stored_sha256)
