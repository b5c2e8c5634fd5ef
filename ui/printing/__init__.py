"""Printing care plans: the preview with its print and save, and batch printing."""
