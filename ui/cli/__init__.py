"""The `studietur` command line, one module per command group; beside the Gradio app, the other user interface."""
