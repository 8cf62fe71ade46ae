"""Pure domain core: no Qt, no SQL, no I/O."""
