"""Command line: thin modules that parse arguments, call a stage, and print."""
