"""Kinerja: development-performance management for Indonesian regional governments."""
