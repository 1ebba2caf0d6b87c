"""Amendments and point in time: act metadata, amendment instructions, consolidated versions."""
