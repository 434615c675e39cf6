"""Desktop integration without widgets: single instance, link registration, clipboard."""
