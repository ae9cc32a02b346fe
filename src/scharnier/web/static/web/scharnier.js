/* Site-wide behaviour, loaded by base.html (the CSP allows no inline script). */
"use strict";

/* After a form came back with errors, the error summary takes the focus, so a screen reader
   reads it first and a keyboard user starts at the links to the fields (NL Design System error
   summary; tabindex="-1" in core/forms/error_summary.html makes it focusable). */
(function () {
  var summary = document.querySelector(".error-summary[tabindex]");
  if (summary && !window.location.hash) {
    summary.focus();
  }
})();
