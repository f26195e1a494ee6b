"""The deterministic fake model answering when nothing is scripted."""
