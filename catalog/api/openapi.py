"""Schema fragments for API views that answer with plain data rather than a serializer."""

# A JSON array of objects: what a list answer is, documented as such (not as one object).
LIST_OF_OBJECTS = {"type": "array", "items": {"type": "object", "additionalProperties": {}}}
