"""Mixdown's development harness, kept out of the runtime library and of every service image.

- :mod:`mixdown_dev.procs`: start the real servers the platform and its tests need (nats-server,
  SeaweedFS for S3), free ports, binaries.
- :mod:`mixdown_dev.stack`: the embedded stack (nats-server and every service as a process);
  :mod:`mixdown_dev.cli` runs it from a shell (``python -m mixdown_dev up``, ``make up``).
- :mod:`mixdown_dev.jobs`: waiting on a job's final status or event through the gateway.
- :mod:`mixdown_dev.examples`: deterministic example material (a vocal line over a beat).

Installed in the development virtualenv only (``make install``: ``pip install -e tools``).
"""
