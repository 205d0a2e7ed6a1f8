"""Text helpers shared by every stage (cleaning, extraction, geocoding, linkage)."""
