"""What each generated page shows: a typed view per page type, drawn by the templates in ``overrides/partnership``."""
