"""The OPA / ASA API simulator."""
