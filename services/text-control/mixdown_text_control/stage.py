"""The text-control stage: the job's instruction → edits recorded on the job.

The edits are computed against the parameters of the job's last mix (``job.parameters.mixing``:
``tracks`` and ``buses``) and its delivery targets, and stored as this stage's output
(:class:`~mixdown.events.outputs.TextControlOutput`, with the revision they belong to); the mixing
stage of the same revision applies them. A ``master`` edit (``target_lufs``) goes to
``job.targets``, where mastering and QC read it. An instruction that makes no edit is refused
(:class:`~mixdown.errors.NotUnderstood`, with close phrasings that are understood) rather than
rendered again unchanged; the gateway refuses it before queueing when it can reach text
control, so the job is not touched.
"""

from __future__ import annotations

from mixdown.errors import InvalidInput, NotUnderstood
from mixdown.events.messages import JobRecord
from mixdown.events.outputs import TextControlOutput
from mixdown.events.stage import StageContext, StageResult
from mixdown_text_control.core import TextControl
from mixdown_text_control.edits import MASTER


def current_of(job: JobRecord) -> dict:
    mixing = job.parameters.mixing
    return {"tracks": mixing.tracks if mixing else {}, "buses": mixing.buses if mixing else {},
            "targets": {k: v for k, v in job.targets.items() if k == "target_lufs"}}


class TextControlStage:
    name = "text_control"

    def __init__(self, parser: TextControl | None = None) -> None:
        self.parser = parser or TextControl()

    def run(self, ctx: StageContext) -> StageResult:
        job = ctx.job
        instruction = str(job.options.get("instruction") or "").strip()
        if not instruction:
            raise InvalidInput("the job has no instruction for text control")
        roles = {t.name: t.role for t in job.inputs}
        result = self.parser.parse(instruction, current_of(job), roles, str(job.options.get("locale") or ""))
        if not result.understood:
            raise NotUnderstood(result.not_understood, result.suggestions)
        # The master's loudness is a delivery target: mastering and QC read it from job.targets.
        targets = {e.parameter: e.value for e in result.edits if e.target == MASTER}
        output = TextControlOutput(instruction=instruction, revision=job.revision, **result.to_dict())
        return StageResult(parameters=output.model_dump(), targets=targets)
