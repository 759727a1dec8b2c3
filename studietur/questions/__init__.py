"""The one place that reads a question: what it asks for, the names it depends on, the catalogue intent it matches."""
