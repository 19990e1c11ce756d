"""One durable pull consumer loop, for the stage workers and the gateway's webhook dispatcher.

:class:`PullLoop` fetches batches from a JetStream pull subscription and hands each message to
``handle``, which settles it (``ack``, ``nak(delay)`` or ``term``). The loop survives NATS: a
fetch that times out is simply repeated, any other fetch error is logged and retried after
``error_pause_seconds``, and a handler that raises leaves its message unsettled, to be
redelivered after the consumer's ack wait. It ends when the connection is closed for good or
when :meth:`PullLoop.stop` is called; ``stop`` stops fetching and waits until the message in
hand is settled (graceful drain: a SIGTERMed worker finishes what it holds).

:func:`keep_alive` is the other half of holding a message for long: it sends ``in_progress``
every ``interval_seconds`` so that the server does not redeliver it meanwhile, and
:func:`backoff_seconds` the exponential delay of a retry (a ``nak`` or another attempt).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import nats.errors
import structlog
from nats.aio.msg import Msg

log = structlog.get_logger(__name__)

FETCH_SECONDS = 1.0
"""How long one fetch waits for messages; also how soon a stop is noticed while idle."""
ERROR_PAUSE_SECONDS = 0.5


class PullLoop:
    """Fetch ``batch`` messages at a time from ``sub`` and ``await handle(msg)`` each in turn.

    ``name`` labels the loop's log lines (the stage, or the dispatcher's consumer).
    """

    def __init__(
        self,
        name: str,
        handle: Callable[[Msg], Awaitable[None]],
        batch: int = 1,
        fetch_seconds: float = FETCH_SECONDS,
        error_pause_seconds: float = ERROR_PAUSE_SECONDS,
    ) -> None:
        self.name = name
        self.handle = handle
        self.batch = batch
        self.fetch_seconds = fetch_seconds
        self.error_pause_seconds = error_pause_seconds
        self._stopping = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    async def run(self, sub) -> None:
        """Pull and handle until :meth:`stop`, or until the NATS connection is closed for good."""
        while not self._stopping.is_set():
            try:
                msgs = await sub.fetch(self.batch, timeout=self.fetch_seconds)
            except (TimeoutError, nats.errors.TimeoutError):
                continue
            except nats.errors.ConnectionClosedError:
                break
            except Exception as exc:  # noqa: BLE001 - NATS hiccups: wait and fetch again
                log.warning("fetch_failed", consumer=self.name, error=str(exc))
                await asyncio.sleep(self.error_pause_seconds)
                continue
            for msg in msgs:
                self._idle.clear()
                try:
                    await self.handle(msg)
                except Exception as exc:  # noqa: BLE001 - NATS or a store failed mid-message
                    log.warning("message_left_for_redelivery", consumer=self.name,
                                error=f"{type(exc).__name__}: {exc}")
                finally:
                    self._idle.set()

    def stop_fetching(self) -> None:
        """Fetch no more; the batch in hand is still handled."""
        self._stopping.set()

    async def stop(self) -> None:
        """Stop fetching and wait for the message in hand to be settled (graceful drain)."""
        self.stop_fetching()
        await self._idle.wait()


def backoff_seconds(attempt: int, base_seconds: float, max_seconds: float) -> float:
    """The wait after failed attempt (or delivery) number ``attempt``, 1-based: base, 2 base,
    4 base, ... up to ``max_seconds``; attempt 0 or less counts as the first."""
    return min(base_seconds * 2 ** max(attempt - 1, 0), max_seconds)


async def keep_alive(msg: Msg, interval_seconds: float, beat: Callable[[], Awaitable[None]] | None = None) -> None:
    """Until cancelled: every ``interval_seconds``, tell the server the message is still being worked
    on (``in_progress`` resets its ack wait), then ``await beat()`` when given. A missed
    ``in_progress`` only risks a redelivery and is ignored; an error of ``beat`` is the caller's."""
    while True:
        await asyncio.sleep(interval_seconds)
        try:
            await msg.in_progress()
        except Exception:  # noqa: BLE001 - a missed heartbeat only risks a redelivery
            pass
        if beat is not None:
            await beat()
