"""Mixdown mastering: tonal balance, reference matching, multiband compression, width and
loudness to target under a true-peak ceiling; WAV 24/16-bit, FLAC and MP3 deliverables."""
