"""A loopback HTTP server that behaves like OMICall, for the demo, tests and benchmarks."""
