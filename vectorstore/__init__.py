"""Embedding model and the Chroma + BM25 indexes behind one small interface."""
