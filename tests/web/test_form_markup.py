"""Every form that sends something is checked by the server, not by the browser: the browser's
own bubble ("Vul dit veld in.") says nothing about what to fill in, disappears, and is not in
the error summary that a screen reader announces."""

import re
from pathlib import Path

import scharnier

FORM_TAG = re.compile(r"<form\b[^>]*>", re.IGNORECASE)


def test_every_post_form_of_the_product_leaves_checking_to_the_server():
    templates = list(Path(scharnier.__file__).parent.rglob("templates/**/*.html"))
    post_forms = [
        (path.name, tag)
        for path in templates
        for tag in FORM_TAG.findall(path.read_text(encoding="utf-8"))
        if re.search(r"method=[\"']?post", tag, re.IGNORECASE)
    ]
    assert len(post_forms) > 40  # the walk found the product's forms
    assert [(name, tag) for name, tag in post_forms if "novalidate" not in tag] == []
