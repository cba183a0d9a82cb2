"""A complaint as a case: intake, the workflow, decisions and what they owe, claims, notices, work lists, the breach sweep."""
