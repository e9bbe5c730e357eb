"""``python -m graph`` runs the papergraph command line."""

from graph.cli import main

main()
