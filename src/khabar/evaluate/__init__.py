"""Evaluation of khabar against annotated data (gold articles)."""
