"""Small screens that ask one thing and answer with it."""
