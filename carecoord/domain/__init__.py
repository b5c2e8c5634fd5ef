"""Enums, value types and validation rules. Widgets never hold these rules."""
