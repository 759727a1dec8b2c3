"""The answerers: catalogue (planning questions, before retrieval), extractive (quotes, the default) and generative
(an LLM writes, every sentence verified; falls back to extractive)."""
