"""The scheduler and the leases that let one process among many run each job."""
