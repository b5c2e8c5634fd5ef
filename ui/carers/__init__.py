"""Carers and the support network."""
