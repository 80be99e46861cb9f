"""Blind audit: a labelled set written without reading the extractor, and its scorer."""
