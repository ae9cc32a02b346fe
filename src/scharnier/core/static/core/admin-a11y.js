/* Names for two of Django's admin widgets that axe-core (WCAG 4.1.2) finds without one.
   - select2 (autocomplete_fields): the combobox is labelled by the text of the chosen
     value only, which is empty until something is chosen; it gets its field's label too.
   - filter_horizontal: the filter's magnifier icon is a span with aria-label, which a span
     without a role may not carry; it becomes an image with that name.
   The widgets are built by script after the page loads (and again for each inline row
   added), so the names are set whenever such an element appears. */
(function () {
  "use strict";

  function labelIdFor(field) {
    var label = field && field.id ? document.querySelector('label[for="' + field.id + '"]') : null;
    if (!label) {
      return null;
    }
    if (!label.id) {
      label.id = field.id + "_label";
    }
    return label.id;
  }

  function nameSelect2(container) {
    var field = container.previousElementSibling;
    var labelId = labelIdFor(field);
    if (!labelId) {
      return;
    }
    container.querySelectorAll('[role="combobox"], [role="textbox"], .select2-search__field').forEach(function (el) {
      var ids = (el.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
      if (ids.indexOf(labelId) === -1) {
        el.setAttribute("aria-labelledby", [labelId].concat(ids).join(" "));
      }
    });
  }

  function nameAll(root) {
    root.querySelectorAll(".select2-container").forEach(nameSelect2);
    root.querySelectorAll("span.search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  var scheduled = false;
  function schedule() {
    if (!scheduled) {
      scheduled = true;
      window.requestAnimationFrame(function () {
        scheduled = false;
        nameAll(document);
      });
    }
  }

  nameAll(document);
  new MutationObserver(schedule).observe(document.documentElement, { childList: true, subtree: true });
})();
