"""/v1/presets and /v1/parameters: the mix presets a job can name and the parameters it can override."""

from __future__ import annotations

from fastapi import APIRouter

from mixdown.catalog import PRESETS
from mixdown.mixparams import export
from mixdown_gateway.schemas import ParameterTables, PresetList, PresetView, error_responses

router = APIRouter(tags=["presets"], responses=error_responses())


@router.get("/v1/presets", response_model=PresetList, summary="List the mix presets")
async def list_presets() -> PresetList:
    return PresetList(
        presets=[PresetView(name=p.name, kind=p.kind, description=p.description) for p in PRESETS.values()]
    )


@router.get(
    "/v1/parameters",
    response_model=ParameterTables,
    summary="List the mixing console's parameters (names with units, ranges, defaults), by processor",
)
async def list_parameters() -> ParameterTables:
    return ParameterTables.model_validate(export())
