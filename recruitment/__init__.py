"""Recruitment figures: the domain (claims, methodology, CSV, export, CLI), free of Streamlit."""
