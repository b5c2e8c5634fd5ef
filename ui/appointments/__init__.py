"""Appointments: a person's list, booking, and my week."""
