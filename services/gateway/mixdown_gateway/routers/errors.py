"""/v1/errors: every code a failed job's ``error`` may carry, with its explanation."""

from __future__ import annotations

from fastapi import APIRouter

from mixdown.events.codes import JobErrorCode
from mixdown_gateway.schemas import ErrorCodeList, ErrorCodeView, error_responses

router = APIRouter(tags=["errors"], responses=error_responses())


@router.get("/v1/errors", response_model=ErrorCodeList, summary="List the job error codes and what each means")
async def list_error_codes() -> ErrorCodeList:
    return ErrorCodeList(codes=[ErrorCodeView(code=code, explanation=code.explanation) for code in JobErrorCode])
