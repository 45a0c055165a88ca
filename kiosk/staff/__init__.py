"""Staff access: the PIN."""
