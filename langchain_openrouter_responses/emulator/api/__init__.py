"""API rules: admission, schema validation, the model catalogue, capabilities, limits and routing."""
