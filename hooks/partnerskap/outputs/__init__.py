"""The files besides the pages: RSS, iCalendar, open data, JSON Schemas and the browser editor."""
