"""Mixdown text control: plain-language instructions → parameter edits."""
