"""The shared web layer: what Dash callbacks and plain Flask routes both need and that registers no callback:
the signed-in principal and `@allow`, the request context, translations, the shared cache, the panel engine and
the shared renderers. It imports data_access and settings, never callbacks, layouts, api or app."""
