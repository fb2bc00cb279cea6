"""Staff files as read: YAML with the line of every value, the field types that check them, and problems as ``FILE:LINE: message``."""
