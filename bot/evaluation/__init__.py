"""Evaluation tools: retrieval, answer content and the cost policy, each over a whole `App`.

They stand with the entry points (the CLI runs them), above the channels and the core, so the
capabilities below never import the composition root.
"""
