"""The C engine: the read pipeline for the common jobs, with the Python engine as its reference."""
