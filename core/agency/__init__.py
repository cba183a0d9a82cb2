"""An agency's own data: its tenant file, service catalogue, calendar changes, deadlines, paused clocks, letter numbers."""
