"""`ereje report`: a static literate site of decrees (Jinja2 templates, CSS and JS shipped in
the package, nothing fetched): a page per decree, the comparison matrix, kk↔ru pairs."""

from .site import build_site, planned

__all__ = ["build_site", "planned"]
