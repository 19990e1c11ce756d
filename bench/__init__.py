"""Benchmarks: each module measures one goal against a baseline measured in the same run."""
