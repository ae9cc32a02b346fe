"""Kept for callers not yet converted to the one form renderer (scharnier.core.forms).

The renderer now sets the component classes and builds the error summary itself; this only
exposes the summary lines as `form.error_links` for templates that still read them.
"""

from scharnier.core.forms import style_form

__all__ = ["style_form"]
