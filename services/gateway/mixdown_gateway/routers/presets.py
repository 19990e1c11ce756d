"""/v1/presets: the mix presets a job can name."""

from __future__ import annotations

from fastapi import APIRouter

from mixdown.catalog import PRESETS
from mixdown_gateway.schemas import PresetList, PresetView

router = APIRouter(prefix="/v1/presets", tags=["presets"])


@router.get("", response_model=PresetList, summary="List the mix presets")
async def list_presets() -> PresetList:
    return PresetList(
        presets=[PresetView(name=p.name, kind=p.kind, description=p.description) for p in PRESETS.values()]
    )
