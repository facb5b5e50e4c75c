"""Optional LLM access through litellm. Nothing here runs unless an LLM model is configured."""
