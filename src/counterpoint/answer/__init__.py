"""Answer stage: turn retrieved evidence into an answer whose every quote is verified."""
