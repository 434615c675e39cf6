"""The partner console's window: companies, their details, New company and Top up."""
