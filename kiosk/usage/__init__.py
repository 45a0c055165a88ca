"""Usage counts that identify no one, and the reports made from them."""
