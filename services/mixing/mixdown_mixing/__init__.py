"""Mixdown mixing: turns raw vocals and stems into a balanced mix."""
