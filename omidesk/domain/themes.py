"""The window's themes: values of the `theme` setting, light enough to read before the first
paint (the settings declarations pull in the number rules, which wait until after it)."""

THEMES: tuple[str, ...] = ("system", "light", "dark")
DEFAULT_THEME = "system"
