"""Drafting annotations from an article: `vnkg suggest` (text -> draft source file)."""
