"""Use cases: the rules that need adapters (dial, import and export contacts), through ports."""
