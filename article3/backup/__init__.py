"""Backups of a whole instance and their restore into an empty one (`article3 backup`, `article3 restore`)."""
