"""The ontology (kg.ttl) and its SHACL shapes (shapes.ttl), shipped as package data."""

from pathlib import Path

HERE = Path(__file__).resolve().parent
ONTOLOGY_TTL = HERE / "kg.ttl"
SHAPES_TTL = HERE / "shapes.ttl"
