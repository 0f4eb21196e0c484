// jalon site: filters the evaluation grid. Plain JavaScript, no framework, nothing loaded: the
// page works from file:// with no server and no network. The state of the filters is kept in
// the address (index.html#grid&chapter=12&verdict=nonconform), so that a filtered grid can be
// linked.
(function () {
  "use strict";
  var errors = document.getElementById("errors");
  function report(message) {
    errors.hidden = false;
    errors.textContent += message + "\n";
  }
  window.addEventListener("error", function (event) {
    report(event.message || "error");
  });
  window.addEventListener("unhandledrejection", function (event) {
    report(String(event.reason));
  });

  var form = document.getElementById("filters");
  var body = document.getElementById("grid-body");
  var shown = document.getElementById("shown");
  if (!form || !body || !shown) {
    return;
  }
  var rows = Array.prototype.slice.call(body.rows);
  var names = ["chapter", "verdict", "severity", "q"];

  // Search ignores case and accents: "securite" finds "Sécurité".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var texts = rows.map(function (row) {
    return fold(row.textContent);
  });

  function state() {
    var s = {};
    names.forEach(function (name) {
      s[name] = form.elements[name].value;
    });
    return s;
  }

  function apply() {
    var s = state();
    var q = fold(s.q.trim());
    var count = 0;
    rows.forEach(function (row, i) {
      var severities = " " + (row.getAttribute("data-severity") || "") + " ";
      var visible =
        (!s.chapter || row.getAttribute("data-chapter") === s.chapter) &&
        (!s.verdict || row.getAttribute("data-verdict") === s.verdict) &&
        (!s.severity || severities.indexOf(" " + s.severity + " ") >= 0) &&
        (!q || texts[i].indexOf(q) >= 0);
      row.hidden = !visible;
      if (visible) {
        count += 1;
      }
    });
    // French counts 0 and 1 in the singular; English says "of N requirements" either way.
    shown.textContent = shown
      .getAttribute(count <= 1 ? "data-template-one" : "data-template")
      .replace("{n}", String(count))
      .replace("{total}", String(rows.length));
  }

  // The filters as the address's fragment, without adding to the history.
  function remember() {
    var s = state();
    var parts = [];
    names.forEach(function (name) {
      if (s[name]) {
        parts.push(encodeURIComponent(name) + "=" + encodeURIComponent(s[name]));
      }
    });
    var fragment = "#" + ["grid"].concat(parts).join("&");
    try {
      history.replaceState(null, "", fragment);
    } catch (e) {
      // Some browsers refuse to change the address of a file:// page: the filters still work.
    }
  }

  // Reads the filters from the address: its fragment (#chapter=12) or its query (?chapter=12).
  // A value no control offers is ignored; a filter the address does not name is cleared. A bare
  // name in the fragment is a section to show (#grid&chapter=12). Returns whether any filter was
  // given, and that section.
  function recall() {
    var wanted = {};
    var given = false;
    var section = null;
    [location.search.slice(1), location.hash.slice(1)].forEach(function (text) {
      text.split("&").forEach(function (pair) {
        var at = pair.indexOf("=");
        var name, value;
        try {
          name = decodeURIComponent((at < 0 ? pair : pair.slice(0, at)).replace(/\+/g, " "));
          value = at < 0 ? null : decodeURIComponent(pair.slice(at + 1).replace(/\+/g, " "));
        } catch (e) {
          return;
        }
        if (value === null) {
          if (name && document.getElementById(name)) {
            section = document.getElementById(name);
          }
          return;
        }
        var control = names.indexOf(name) >= 0 ? form.elements[name] : null;
        if (!control) {
          return;
        }
        if (control.tagName === "SELECT") {
          var known = Array.prototype.some.call(control.options, function (o) {
            return o.value === value;
          });
          if (!known) {
            return;
          }
        }
        wanted[name] = value;
        given = true;
      });
    });
    if (given) {
      names.forEach(function (name) {
        form.elements[name].value = wanted[name] || "";
      });
    }
    return { given: given, section: section };
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  form.addEventListener("input", function () {
    apply();
    remember();
  });
  form.addEventListener("change", function () {
    apply();
    remember();
  });
  form.addEventListener("reset", function () {
    // The controls take their default values after this event.
    window.setTimeout(function () {
      apply();
      remember();
    }, 0);
  });
  window.addEventListener("hashchange", function () {
    if (recall().given) {
      apply();
    }
  });

  form.hidden = false;
  var address = recall();
  apply();
  // A section named beside the filters (#grid&chapter=12): the browser does not scroll to it,
  // as the fragment is not its id.
  if (address.section && address.given) {
    address.section.scrollIntoView();
  }
  document.documentElement.setAttribute("data-script", "ready");
})();
