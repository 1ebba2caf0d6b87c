"""Ereje: a compiler for legal texts (corps "B" evaluation methodologies of Kazakhstan)."""
