"""Mixdown mastering: loudness to target under a true-peak ceiling."""
