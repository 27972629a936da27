"""The history of monitorings: every evaluation a methodist signs, kept, versioned and compared."""
