"""The named files a job delivers (``JobRecord.artifacts``: name → storage key).

Each artifact has one name, used by the stages that write it, the stages that read it, the
gateway's download routes and the web studio, and one file name in the run's folder. Stems of
a separation are ``stems/<stem>`` (:func:`stem_artifact`).
"""

from __future__ import annotations

from enum import StrEnum


class Artifact(StrEnum):
    MIX = "mix"
    MASTER = "master"
    MASTER_WAV16 = "master_wav16"
    MASTER_FLAC = "master_flac"
    MASTER_MP3 = "master_mp3"
    REPORT = "report"

    @property
    def file_name(self) -> str:
        return FILE_NAMES[self]


FILE_NAMES: dict[Artifact, str] = {
    Artifact.MIX: "mix.wav",
    Artifact.MASTER: "master.wav",
    Artifact.MASTER_WAV16: "master_16.wav",
    Artifact.MASTER_FLAC: "master.flac",
    Artifact.MASTER_MP3: "master.mp3",
    Artifact.REPORT: "report.json",
}
MASTER_ARTIFACTS: dict[str, Artifact] = {
    "wav24": Artifact.MASTER,
    "wav16": Artifact.MASTER_WAV16,
    "flac": Artifact.MASTER_FLAC,
    "mp3": Artifact.MASTER_MP3,
}
"""The master's artifact by delivery format (:data:`mixdown.catalog.MASTER_FORMATS`)."""
STEM_PREFIX = "stems/"


def stem_artifact(stem: str) -> str:
    """The artifact name of a separated stem (``vocals`` → ``stems/vocals``)."""
    return f"{STEM_PREFIX}{stem}"
