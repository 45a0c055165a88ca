"""Scripts that print measured figures beside a baseline from the same run (`make bench`)."""
