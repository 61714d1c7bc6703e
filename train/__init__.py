"""Training scripts (run from the repository root): `python -m train.ner_crf` (the shipped CRF), `python -m train.ner` (a spaCy alternative); splits: `train/splits.py`."""
