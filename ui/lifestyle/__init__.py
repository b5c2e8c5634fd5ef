"""Make Every Contact Count: the quick lifestyle check, brief interventions, prevention goals."""
