"""Domain exceptions shared by the cores and the edges.

Cores raise these; the gRPC servicers and the gateway map them to status codes at the edge.
"""


class MixdownError(Exception):
    """Base class of every domain error."""


class InvalidInput(MixdownError):
    """The caller sent something unusable (bad audio, bad parameter, bad request)."""


class NotUnderstood(InvalidInput):
    """An instruction from which nothing could be read: what was not understood, and close
    phrasings that are (the message quotes both)."""

    def __init__(self, not_understood: list[str], suggestions: list[str]) -> None:
        self.not_understood = list(not_understood)
        self.suggestions = list(suggestions)
        quoted = ", ".join(f'"{t}"' for t in self.not_understood) or "the instruction"
        tried = f"; try for example: {', '.join(repr(t) for t in self.suggestions)}" if self.suggestions else ""
        super().__init__(f"not understood: {quoted}{tried}")


class NotFound(MixdownError):
    """A job, object or resource does not exist (or is not visible to the caller)."""


class Unavailable(MixdownError):
    """A dependency (storage, NATS) is unreachable for now; retrying later may succeed."""


class Conflict(MixdownError):
    """The request conflicts with the current state (e.g. cancelling a finished job)."""
