"""Pure wire conversion, no I/O: messages and settings to a request body, events and bodies to messages."""
