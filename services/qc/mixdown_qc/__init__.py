"""Mixdown QC: measures audio and proves a master meets its targets."""
