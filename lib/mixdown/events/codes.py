"""Job error codes: why a job failed, one stable code and one written explanation each.

A failed job's record carries :class:`~mixdown.events.messages.JobError` with one of these
codes, the stage it failed in and a message saying what was tried; the gateway returns the
code's explanation with it (``GET /v1/jobs/{id}``) and lists them all (``GET /v1/errors``),
and the web studio shows the explanation of a failed job. Codes are never renamed: clients
and dashboards match on them. QC's own verdict codes (``QC001``…) are in ``mixdown_qc.codes``;
a job that fails QC carries :attr:`JobErrorCode.QC_FAILED` and its report names the checks.
"""

from __future__ import annotations

from enum import StrEnum


class JobErrorCode(StrEnum):
    INVALID_INPUT = "E_INVALID_INPUT"
    NOT_FOUND = "E_NOT_FOUND"
    STAGE_FAILED = "E_STAGE_FAILED"
    QC_FAILED = "E_QC_FAILED"

    @property
    def explanation(self) -> str:
        return EXPLANATIONS[self]


EXPLANATIONS: dict[JobErrorCode, str] = {
    JobErrorCode.INVALID_INPUT: (
        "A stage refused the job's inputs or settings (silent or unreadable audio, a value out of "
        "range, an edit of a track the mix does not have, a revision's instruction that text control "
        "could not read: the message quotes it and phrasings it understands); retrying cannot help: "
        "fix what the message names and submit again."
    ),
    JobErrorCode.NOT_FOUND: (
        "A stored object the stage needs (an input track or an earlier stage's output) is missing, "
        "e.g. deleted or expired while the job ran; submit the job again."
    ),
    JobErrorCode.STAGE_FAILED: (
        "The stage failed on every delivery of its work (a dependency unreachable, an unexpected "
        "error, or a worker that stopped before finishing); the message gives the last reason. "
        "Submitting again may succeed once the cause is gone."
    ),
    JobErrorCode.QC_FAILED: (
        "The master still fails a quality check after the corrections mastering could make (at "
        "most 3 masters); it is not delivered as a pass. The report lists each failing check "
        "with its QC code and what to change in the mix."
    ),
}
