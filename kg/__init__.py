"""Knowledge-graph builder for Chinese government news.

    from kg import KnowledgeGraph
    kg = KnowledgeGraph.open("store/")
    kg.build(["articles/"])
    kg.query("SELECT ?name WHERE { ?p a kgo:Person ; rdfs:label ?name }")
"""

from kg.api import KnowledgeGraph

__all__ = ["KnowledgeGraph"]
__version__ = "0.1.0"
