"""Registered spaCy components, one per module. Importing a module registers its factory."""
