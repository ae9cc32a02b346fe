"""The project's URLs plus one view that fails, to see the 500 page (tests only)."""

from django.urls import path

from scharnier.urls import handler404, handler500
from scharnier.urls import urlpatterns as project_urls


def broken(request):
    raise RuntimeError("test: a bug")


urlpatterns = [path("kapot/", broken), *project_urls]
__all__ = ["handler404", "handler500", "urlpatterns"]
