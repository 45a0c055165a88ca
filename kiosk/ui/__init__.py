"""The only package that imports Textual: the app, its screens and widgets."""
