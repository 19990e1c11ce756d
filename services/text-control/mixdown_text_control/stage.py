"""The text-control stage: the job's instruction → edits recorded on the job."""

from __future__ import annotations

from dataclasses import asdict

from mixdown.errors import InvalidInput
from mixdown.events.worker import StageContext, StageResult
from mixdown_text_control.core import parse


class TextControlStage:
    name = "text_control"

    def run(self, ctx: StageContext) -> StageResult:
        instruction = str(ctx.job.options.get("instruction", "")).strip()
        if not instruction:
            raise InvalidInput("the job has no instruction for text control")
        tracks = ctx.job.parameters.get("mixing", {}).get("tracks", {})
        roles = {t.name: t.role for t in ctx.job.inputs}
        current = {roles[name]: values for name, values in tracks.items() if name in roles}
        result = parse(instruction, current)
        return StageResult(parameters={
            "instruction": instruction,
            "locale": result.locale,
            "edits": [asdict(e) for e in result.edits],
            "not_understood": result.not_understood,
        })
