"""The security and reliability battery (SECURITY.md): one file per line of the table, where it fits in a test."""
