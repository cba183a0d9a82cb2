"""Who may do what: roles and permissions, passwords and tokens, accounts, an agency's users."""
