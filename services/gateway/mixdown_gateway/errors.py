"""Request errors specific to the HTTP edge, refining :class:`mixdown.errors.InvalidInput`.

Each maps to its own status code in :mod:`mixdown_gateway.app`; anything else that is an
InvalidInput is a 422.
"""

from __future__ import annotations

from mixdown.errors import InvalidInput


class MalformedRequest(InvalidInput):
    """The request body cannot be parsed (broken multipart framing, bad encoding) → 400."""


class PayloadTooLarge(InvalidInput):
    """A file or the whole request is over its size limit → 413."""


class UnsupportedMedia(InvalidInput):
    """The body is not multipart/form-data, or an uploaded file is not readable audio → 415."""
