/* SIDP3: the small behaviours of the pages, keyed on data attributes. No inline script anywhere: the
   Content-Security-Policy allows scripts from this site's static files only. Every page works without
   JavaScript; these make it quicker. */
(function () {
  "use strict";

  // <select data-autosubmit>: choosing submits its form (the language switch).
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]") && event.target.form) {
      event.target.form.submit();
    }
  });

  // <button data-confirm="Question?">: asks before submitting.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // Fields with data-reload="1" inside an HTMX container reload it (the report form): a "reload-fields"
  // event bubbles up to the element with hx-trigger="reload-fields".
  document.addEventListener("change", function (event) {
    if (event.target.dataset && event.target.dataset.reload === "1" && window.htmx) {
      window.htmx.trigger(event.target, "reload-fields");
    }
  });

  // <div data-shown-by="NAME:VALUE">: shown while the checkbox NAME=VALUE is ticked or the block's own
  // input holds a value (the cadre form's disability field).
  function shownBy(block) {
    var spec = block.dataset.shownBy.split(":");
    var box = document.querySelector('input[name="' + spec[0] + '"][value="' + spec[1] + '"]');
    if (!box) return;
    var sync = function () {
      var own = block.querySelector("input");
      block.hidden = !box.checked && !(own && own.value);
    };
    box.addEventListener("change", sync);
    sync();
  }

  // [data-mark-all="VALUE"]: ticks VALUE in every row of the attendance sheet that has no choice yet.
  function markAll(button) {
    button.addEventListener("click", function () {
      var selector = '.attendance-sheet input[type="radio"][value="' + button.dataset.markAll + '"]';
      document.querySelectorAll(selector).forEach(function (radio) {
        if (!radio.closest("fieldset").querySelector("input:checked")) radio.checked = true;
      });
    });
  }

  // .attendance-form: the bar's "n of m marked" follows the status choices.
  function attendanceProgress(form) {
    var counter = form.querySelector("[data-marked-count]");
    if (!counter) return;
    var update = function () {
      var marked = Array.from(form.querySelectorAll(".attendance-status")).filter(function (group) {
        return group.querySelector("input:checked");
      });
      counter.textContent = String(marked.length);
    };
    form.addEventListener("change", update);
    form.addEventListener("click", function (event) {
      if (event.target.closest("[data-mark-all]")) update();
    });
    update();
  }

  // .meeting-formset: "add a row" copies the empty row's template with the next index.
  function formset(section) {
    var prefix = section.dataset.prefix;
    var total = section.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var template = section.querySelector("template[data-empty-row]");
    var add = section.querySelector("[data-add-row]");
    if (!total || !template || !add) return;
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      section.querySelector("tbody[data-rows]").insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
    });
  }

  // [data-office-chooser]: only the region list that the chosen office level needs.
  function officeChooser(chooser) {
    var update = function () {
      var checked = chooser.querySelector("input[name=level]:checked");
      var level = checked ? checked.value : "";
      chooser.querySelectorAll("[data-office-level]").forEach(function (block) {
        block.hidden = block.dataset.officeLevel !== level;
      });
    };
    chooser.querySelectorAll("input[name=level]").forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  }

  // [data-ranking-filter]: a changed region select clears the selects below it and submits.
  function rankingFilter(form) {
    var selects = Array.from(form.querySelectorAll("select[data-region-level]"));
    selects.forEach(function (select, index) {
      select.addEventListener("change", function () {
        selects.slice(index + 1).forEach(function (lower) {
          if (!lower.disabled) lower.value = "";
        });
        form.submit();
      });
    });
  }

  // A text input with HTMX suggestions below it: arrow keys move through them, Escape closes them.
  // ``options`` selects the suggestions, ``onPick`` (optional) handles a click on one.
  function suggestions(input, box, container, options, onPick) {
    var items = function () {
      return Array.from(box.querySelectorAll(options));
    };
    var close = function () {
      box.replaceChildren();
      input.setAttribute("aria-expanded", "false");
    };
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && items().length) {
        event.preventDefault();
        items()[0].focus();
      } else if (event.key === "Escape") {
        close();
      }
    });
    box.addEventListener("keydown", function (event) {
      var list = items();
      var index = list.indexOf(document.activeElement);
      if (event.key === "ArrowDown") {
        event.preventDefault();
        list[Math.min(index + 1, list.length - 1)].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        (index <= 0 ? input : list[index - 1]).focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
        input.focus();
      }
    });
    if (onPick) {
      box.addEventListener("click", function (event) {
        var option = event.target.closest(options);
        if (!option) return;
        onPick(option);
        close();
        input.focus();
      });
    }
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail.target === box) input.setAttribute("aria-expanded", String(items().length > 0));
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest(container)) close();
    });
  }

  // The region search box (suggestions are links).
  function regionSearch(form) {
    var input = form.querySelector("input[name=q]");
    var box = form.querySelector(".search-results");
    if (input && box) suggestions(input, box, ".region-search", "a");
  }

  // The village of a locus proposal: suggestions are buttons carrying the village's code and label.
  function villagePicker(picker) {
    var input = picker.querySelector("input[data-village-input]");
    var box = picker.querySelector(".search-results");
    var chosen = picker.querySelector("[data-village-chosen]");
    if (!input || !box) return;
    // The suggestions endpoint takes the typed text as ?q=.
    input.addEventListener("htmx:configRequest", function (event) {
      event.detail.parameters.q = input.value;
      delete event.detail.parameters[input.name];
    });
    input.addEventListener("input", function () {
      if (chosen) chosen.replaceChildren();
    });
    suggestions(input, box, ".village-picker", "[data-village-code]", function (option) {
      input.value = option.dataset.villageCode;
      if (chosen) chosen.textContent = option.dataset.villageLabel;
    });
  }

  // <button data-copy="ID" data-copied-label="Copied">: copies the value of the input ID (a token shown once)
  // and says so on the button; the input is selected too, for a browser that refuses the clipboard.
  function copyButton(button) {
    var label = button.querySelector("span");
    var original = label ? label.textContent : "";
    button.addEventListener("click", function () {
      var input = document.getElementById(button.dataset.copy);
      if (!input) return;
      input.select();
      var done = function () {
        if (label) label.textContent = button.dataset.copiedLabel || original;
        window.setTimeout(function () {
          if (label) label.textContent = original;
        }, 2000);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, function () {
          if (document.execCommand("copy")) done();
        });
      } else if (document.execCommand("copy")) {
        done();
      }
    });
  }

  var behaviours = [
    ["[data-shown-by]", shownBy],
    ["[data-mark-all]", markAll],
    [".attendance-form", attendanceProgress],
    [".meeting-formset", formset],
    ["[data-office-chooser]", officeChooser],
    ["[data-ranking-filter]", rankingFilter],
    [".region-search", regionSearch],
    [".village-picker", villagePicker],
    ["[data-copy]", copyButton],
  ];

  function start(root) {
    behaviours.forEach(function (pair) {
      var found = Array.from(root.querySelectorAll(pair[0]));
      if (root.matches && root.matches(pair[0])) found.unshift(root);
      found.forEach(function (element) {
        if (element.dataset.sidp3Ready) return;
        element.dataset.sidp3Ready = "1";
        pair[1](element);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      start(document);
    });
  } else {
    start(document);
  }
  // Content swapped in by HTMX gets its behaviours too.
  document.addEventListener("htmx:load", function (event) {
    start(event.target);
  });
})();
