"""AutoCall campaigns (aicallcenter.vn, seed 002): what is pushed, what comes back, errors."""
