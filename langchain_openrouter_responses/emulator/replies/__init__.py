"""Reply building: scripted replies, output items, events, the response envelope, usage and rendering."""
