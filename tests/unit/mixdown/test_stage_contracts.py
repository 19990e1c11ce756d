"""The typed contracts on the job record: delivery targets, corrections, stage outputs, artifacts."""

from __future__ import annotations

import pytest

from mixdown.catalog import CORRECTIONS, MASTER_FORMATS, TARGETS
from mixdown.errors import InvalidInput
from mixdown.events.artifacts import FILE_NAMES, MASTER_ARTIFACTS, Artifact
from mixdown.events.messages import JobRecord, StageMessage
from mixdown.events.metrics import STAGE_METRICS, StageMetrics
from mixdown.events.outputs import STAGE_OUTPUTS, MasteringOutput, StageOutputs
from mixdown.events.targets import Corrections, DeliveryTargets


def test_targets_and_corrections_are_the_catalog_tables():
    assert list(DeliveryTargets.model_fields) == list(TARGETS)
    assert list(Corrections.model_fields) == list(CORRECTIONS)
    defaults = DeliveryTargets()
    assert (defaults.target_lufs, defaults.ceiling_dbtp, defaults.max_width_percent) == (-14.0, -1.0, 140.0)
    assert defaults.max_lra_lu is None  # no limit unless asked for
    assert Corrections().changed() == {}


def test_targets_from_a_partial_map_take_the_defaults_and_name_what_is_wrong():
    assert DeliveryTargets.of({"ceiling_dbtp": 0.0}) == DeliveryTargets(ceiling_dbtp=0.0)
    assert DeliveryTargets.of({"ceiling_dbtp": 0.0}).ceiling_dbtp == 0.0  # 0 is a value
    with pytest.raises(InvalidInput, match=r"targets.target_lufs=-45.0 is outside \[-40, -5\] LUFS"):
        DeliveryTargets.of({"target_lufs": -45.0})
    with pytest.raises(InvalidInput, match="must be a finite number, got None"):
        DeliveryTargets(ceiling_dbtp=None)
    with pytest.raises(InvalidInput, match=r"corrections.ceiling_offset_db=-4.0 is outside \[-3, 0\]"):
        Corrections.of({"ceiling_offset_db": -4.0})


def test_the_job_record_validates_its_targets_and_stage_outputs_on_read():
    record = JobRecord(id="j1", tenant="t1", plan=["mastering"], targets={"ceiling_dbtp": 0.0})
    record.parameters["mastering"] = MasteringOutput(
        settings={"band_ratio": 2.0}, targets=DeliveryTargets(ceiling_dbtp=0.0),
        corrections=Corrections(width_scale=0.8)).model_dump()
    again = JobRecord.from_json(record.to_json())
    assert again.parameters.mastering.corrections.width_scale == 0.8
    assert again.parameters.mastering.targets.ceiling_dbtp == 0.0 and again.parameters.mixing is None

    bad_target = record.to_json().replace(b'"targets":{"ceiling_dbtp":0.0}', b'"targets":{"ceiling_dbtp":3.0}')
    with pytest.raises(InvalidInput, match="ceiling_dbtp=3.0 is outside"):
        JobRecord.from_json(bad_target)
    future = record.to_json().replace(b'"mastering":{"version":1', b'"mastering":{"version":2')
    with pytest.raises(InvalidInput, match="invalid JobRecord"):
        JobRecord.from_json(future)
    with pytest.raises(KeyError, match="'qc' leaves no output"):
        StageOutputs()["qc"] = {}
    assert set(STAGE_OUTPUTS) == {"separation", "text_control", "mixing", "mastering"}


def test_the_job_record_validates_each_stages_metrics():
    record = JobRecord(id="j1", tenant="t1", plan=["mastering", "qc"])
    record.metrics["mastering"] = {"master": {"key": "m.wav"}, "exports": {}, "timings": {"multiband": 0.5}}
    record.metrics["qc"] = {"iterations": [{"iteration": 0}], "passed": True, "inputs": {}}
    again = JobRecord.from_json(record.to_json())
    assert again.metrics.mastering.timings == {"multiband": 0.5}
    assert again.metrics.qc.passed is True and again.metrics.mixing is None

    misspelt = record.to_json().replace(b'"timings":', b'"timing":')
    with pytest.raises(InvalidInput, match="invalid JobRecord"):
        JobRecord.from_json(misspelt)
    with pytest.raises(ValueError, match="passed"):
        StageMetrics()["qc"] = {"iterations": []}
    with pytest.raises(KeyError, match="'text_control' keeps no metrics"):
        StageMetrics()["text_control"] = {}
    assert set(STAGE_METRICS) == {"separation", "mixing", "mastering", "qc"}


def test_the_stage_message_carries_typed_corrections():
    message = StageMessage(job_id="j1", tenant="t1", stage="mastering", corrections={"target_offset_lu": 0.5})
    assert message.corrections == Corrections(target_offset_lu=0.5)
    with pytest.raises(InvalidInput, match="unknown|outside"):
        StageMessage(job_id="j1", tenant="t1", stage="mastering", corrections={"width_scale": 3.0})


def test_every_artifact_has_one_file_name_and_every_master_format_an_artifact():
    assert set(FILE_NAMES) == set(Artifact) and len(set(FILE_NAMES.values())) == len(Artifact)
    assert set(MASTER_ARTIFACTS) == set(MASTER_FORMATS)
    assert MASTER_ARTIFACTS["wav24"] is Artifact.MASTER and Artifact.REPORT.file_name == "report.json"
