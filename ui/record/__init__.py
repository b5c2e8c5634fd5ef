"""One person's record: banner, sections, the person dialog and the care plan editor."""
