"""User interface: the Gradio app and the server that hosts it."""
