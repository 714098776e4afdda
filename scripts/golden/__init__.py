"""Fixture modules for scripts/golden.py; each defines cases()."""
