"""Security headers on every response: CSP without CDNs, nosniff, frame denial, no-store on data routes."""

from __future__ import annotations

from flask import Flask, request


def install(server: Flask, app) -> None:
    def csp() -> str:
        hashes = " ".join(app.csp_hashes())  # already quoted
        # deck.gl (the /gis page only) compiles WebAssembly: 'wasm-unsafe-eval' allows that and nothing else (no eval)
        wasm = " 'wasm-unsafe-eval'" if request.path == "/gis" or request.path.startswith("/gis/") else ""
        return (
            f"default-src 'self'; script-src 'self'{wasm} {hashes}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
            "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
        )

    @server.after_request
    def security_headers(resp):
        resp.headers.setdefault("Content-Security-Policy", csp())
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Referrer-Policy"] = "same-origin"
        if request.path.startswith(("/_dash-update-component", "/healthz", "/_dash-layout")):
            resp.headers["Cache-Control"] = "no-store"
        return resp
