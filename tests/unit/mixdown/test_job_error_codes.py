"""Job error codes: every code a failed job can carry is registered, with an explanation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from mixdown.events.codes import EXPLANATIONS, JobErrorCode
from mixdown.events.messages import JobError

ROOT = Path(__file__).resolve().parents[3]


def test_every_code_has_a_sentence():
    assert set(EXPLANATIONS) == set(JobErrorCode)
    for code in JobErrorCode:
        assert code.explanation.endswith(".") and len(code.explanation) > 40, code


def test_every_code_raised_in_the_code_is_registered():
    """No bare ``E_*`` string: every code named in lib/ and services/ is in the registry."""
    named = set()
    for path in [*ROOT.glob("lib/mixdown/**/*.py"), *ROOT.glob("services/*/mixdown_*/**/*.py")]:
        if path.name.endswith(("_pb2.py", "_pb2_grpc.py")):
            continue
        named |= set(re.findall(r"[\"'](E_[A-Z_]+)[\"']", path.read_text()))
    assert named <= {c.value for c in JobErrorCode}


def test_a_job_error_is_validated_against_the_registry_and_explains_itself():
    error = JobError(code="E_QC_FAILED", message="the master fails QC", stage="qc")
    assert error.code is JobErrorCode.QC_FAILED and error.explanation == JobErrorCode.QC_FAILED.explanation
    with pytest.raises(ValidationError):
        JobError(code="E_SOMETHING", message="unregistered")
