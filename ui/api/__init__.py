"""Studietur over HTTP: the JSON API at /api/v1 and the OpenAI-compatible chat at /v1, for tools beside the UI."""
