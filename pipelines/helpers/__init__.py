"""Helpers shared by pipeline components: text, names, numbers, time, segmentation.

Components never import one another (each is a spaCy factory that reads and writes the slots of
`pipelines.constants`); what two of them need lives here, so the order of components in a config
is the only coupling between them.
"""
