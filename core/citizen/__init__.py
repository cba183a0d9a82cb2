"""The public side, without an account: filing a complaint, tracking it, the citizen's say, the public rate limits."""
