"""The knowledge graph: built from the corpus and the ontology, validated, queried with named SPARQL."""
