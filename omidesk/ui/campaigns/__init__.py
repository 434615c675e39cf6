"""The Campaigns tab: AutoCall campaigns, the push dialog, results and the call-back queue."""
