"""Demo logins and demo data for a first start (``make run``)."""
