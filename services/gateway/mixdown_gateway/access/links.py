"""Expiring signed download links.

A link is the download's path with ``?tenant=<t>&expires=<unix seconds>&signature=<hex>``, where
the signature is HMAC-SHA256, keyed by the gateway's ``link_secret``, of
``"<METHOD>\\n<path>\\n<expires>\\n<tenant>"``. Whoever holds the link can download that one
object until it expires, without an API key; changing any part of it breaks the signature.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import urlencode

from mixdown.events.messages import check_id
from mixdown_gateway.access.errors import Forbidden

LINK_PARAMS = ("tenant", "expires", "signature")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def signature(secret: bytes, method: str, path: str, expires: int, tenant: str) -> str:
    message = f"{method.upper()}\n{path}\n{expires}\n{tenant}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def sign_path(secret: bytes, path: str, tenant: str, expires: int, method: str = "GET") -> str:
    """``path`` with the query that makes it a signed link."""
    query = urlencode({"tenant": tenant, "expires": expires,
                       "signature": signature(secret, method, path, expires, tenant)})
    return f"{path}?{query}"


def is_signed(query: Mapping[str, str]) -> bool:
    return any(name in query for name in ("signature", "expires"))


def verify(secret: bytes, method: str, path: str, query: Mapping[str, str], now: float) -> str:
    """The tenant a link was signed for; Forbidden naming what is wrong with it otherwise."""
    missing = [name for name in LINK_PARAMS if not query.get(name)]
    if missing:
        raise Forbidden(f"incomplete signed link: {', '.join(missing)} missing; ask for a new link")
    tenant, expires_text, given = query["tenant"], query["expires"], query["signature"]
    try:
        check_id(tenant, "tenant")
        expires = int(expires_text)
    except ValueError:
        raise Forbidden("malformed signed link: tenant or expires is not valid; ask for a new link") from None
    if not _HEX64.match(given):
        raise Forbidden("malformed signed link: signature is not 64 hex digits")
    expected = signature(secret, method, path, expires, tenant)
    if not hmac.compare_digest(expected, given):
        raise Forbidden("invalid link signature: the link was altered, or signed by another gateway secret")
    if expires <= now:
        at = datetime.fromtimestamp(expires, tz=UTC).isoformat()
        raise Forbidden(f"expired link: it expired at {at} ({now - expires:.0f} s ago); ask for a new link")
    return tenant
