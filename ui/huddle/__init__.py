"""Huddle mode: build an agenda, then discuss one person at a time on a shared screen."""
