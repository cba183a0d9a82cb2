"""The files kept with a case: evidence, the letters issued and their PDF, the letterhead."""
