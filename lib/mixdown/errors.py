"""Domain exceptions shared by the cores and the edges.

Cores raise these; the gRPC servicers and the gateway map them to status codes at the edge.
"""


class MixdownError(Exception):
    """Base class of every domain error."""


class InvalidInput(MixdownError):
    """The caller sent something unusable (bad audio, bad parameter, bad request)."""


class NotFound(MixdownError):
    """A job, object or resource does not exist (or is not visible to the caller)."""


class Unavailable(MixdownError):
    """A dependency (storage, NATS) is unreachable for now; retrying later may succeed."""


class Conflict(MixdownError):
    """The request conflicts with the current state (e.g. cancelling a finished job)."""
