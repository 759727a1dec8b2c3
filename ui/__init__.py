"""The user interfaces: the Gradio app (chat, documents, trips, evaluation) and the command line (`ui.cli`)."""
