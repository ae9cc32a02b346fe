"""Settings per environment: base, development, production, test (see base.py)."""
