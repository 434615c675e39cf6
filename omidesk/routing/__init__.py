"""The owner-routing service OMICall asks on every inbound call (issue 16)."""
