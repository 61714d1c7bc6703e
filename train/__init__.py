"""Training scripts (run from the repository root): `python -m train.ner`."""
