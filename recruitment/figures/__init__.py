"""Plotly figure builders: pure functions from DataFrames to go.Figure, free of Streamlit."""
