"""The file formats: the registry of event types, the converter (cattrs), reading and checking a folder, writing to
one safely (lock, journal), the schema's upcaster and the parsed-record cache."""
