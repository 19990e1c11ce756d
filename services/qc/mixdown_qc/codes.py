"""Numbered QC verdict codes with their written explanations.

Each check has a stable code (never renumbered: reports and clients refer to them), a name,
whether failing it is **hard** (the master can never be delivered as a pass with it) and
whether mastering can **correct** it (QC then sends the job back to mastering with a
correction, at most three iterations). Soft checks only warn.

======  =====================  ====  ===========  ============================================
Code    Check                  Hard  Correctable  Fails (F) / warns (W) when
======  =====================  ====  ===========  ============================================
QC001   integrated_loudness    no    yes          W: > 0.5 LU off target; F: > 1.0 LU off
QC002   true_peak              yes   yes          F: true peak (4x, BS.1770-4) > ceiling
QC003   silence                yes   no           F: no 400 ms block above -70 LUFS
QC004   invalid_samples        yes   no           F: NaN or infinite samples
QC005   clipping               yes   no           F: a run of >= 3 samples at >= -0.01 dBFS
QC006   stereo_width           no    yes          F: width > max_width_percent
QC007   phase_correlation      no    no           W: inter-channel correlation < 0.1
QC008   dc_offset              no    no           W: DC offset > 0.1 % of full scale
QC009   dynamics               no    no           W: PLR (true peak - loudness) < 6 LU
QC010   loudness_range         no    no           W: LRA > max_lra_lu (when set)
QC011   spectral_balance       no    no           W: a band > tolerance off the preset curve
QC012   dropouts               no    no           W: digital silence cutting into programme
QC013   deliverables           yes   yes          F: a delivered file over the ceiling or
                                                  > 1.0 LU off target; W: > 0.5 LU off
======  =====================  ====  ===========  ============================================
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    code: str
    check: str
    hard: bool
    correctable: bool
    explanation: str


CHECKS: dict[str, Check] = {
    c.check: c
    for c in (
        Check("QC001", "integrated_loudness", hard=False, correctable=True,
              explanation="Integrated loudness (ITU-R BS.1770-4) must be within 0.5 LU of the target "
                          "(a warning up to 1.0 LU)."),
        Check("QC002", "true_peak", hard=True, correctable=True,
              explanation="True peak (4x oversampled, BS.1770-4 Annex 2) must not exceed the ceiling, "
                          "or lossy encoders and DACs may clip."),
        Check("QC003", "silence", hard=True, correctable=False,
              explanation="The audio must not be silent (no 400 ms block above -70 LUFS)."),
        Check("QC004", "invalid_samples", hard=True, correctable=False,
              explanation="The audio must not contain NaN or infinite samples."),
        Check("QC005", "clipping", hard=True, correctable=False,
              explanation="No run of 3 or more consecutive samples at or above -0.01 dBFS: such runs are "
                          "clipped waveform tops, audible as distortion; fix the mix or its source."),
        Check("QC006", "stereo_width", hard=False, correctable=True,
              explanation="Stereo width (100 x rms(side) / rms(mid)) must not exceed the maximum: a wider "
                          "master loses level and balance when summed to mono."),
        Check("QC007", "phase_correlation", hard=False, correctable=False,
              explanation="Inter-channel correlation should be at least 0.1 for mono compatibility; lower "
                          "values mean out-of-phase content that cancels on mono playback."),
        Check("QC008", "dc_offset", hard=False, correctable=False,
              explanation="DC offset should stay under 0.1 % of full scale; it wastes headroom and clicks "
                          "at edits."),
        Check("QC009", "dynamics", hard=False, correctable=False,
              explanation="The peak-to-loudness ratio (true peak minus integrated loudness) should be at "
                          "least 6 LU; below, the master is limited so hard that transients are flattened."),
        Check("QC010", "loudness_range", hard=False, correctable=False,
              explanation="Loudness range (EBU Tech 3342) should not exceed the job's maximum."),
        Check("QC011", "spectral_balance", hard=False, correctable=False,
              explanation="The long-term spectrum (third-octave bands, octave-smoothed, 40 Hz - 16 kHz) "
                          "should stay within the preset's tolerance of its target curve."),
        Check("QC012", "dropouts", hard=False, correctable=False,
              explanation="The programme should not cut to digital silence for 5 ms or more (a dropout "
                          "in the source, an edit or a transfer)."),
        Check("QC013", "deliverables", hard=True, correctable=True,
              explanation="Every delivered file (WAV 16-bit, FLAC, MP3), as decoded, must stay under the "
                          "ceiling and within 0.5 LU of the target (a warning up to 1.0 LU)."),
    )
}
CODES: dict[str, Check] = {c.code: c for c in CHECKS.values()}
