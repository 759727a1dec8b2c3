"""Studietur's shared lower layers, under one package name so that generic names such as `core` or `text` cannot
clash with other distributions: our small types and errors (core), facts about Danish and English (text), the trip
catalogue, and the reading of questions. The card's folders (ingest, vectorstore, assistant, ui, evals) build on
them; nothing here imports those."""
