"""Today: the signed-in professional's inbox."""
