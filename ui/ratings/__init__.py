"""The person's own measures: goal ratings over time, and their experience at each review."""
