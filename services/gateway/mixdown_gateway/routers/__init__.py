"""One router per resource: jobs, presets, health."""
