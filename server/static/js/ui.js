// YASGUI on our endpoint (config from ui.html): tabs and edits kept in the browser's storage,
// the example queries opened once as tabs, completion from our own vocabulary (no request
// leaves the site), result IRIs shortened and opened here, syntax errors shown with a caret,
// and a menu of the open tabs for narrow screens.
(function () {
  "use strict";
  var host = document.getElementById("yasgui");
  var source = document.getElementById("vnkg-ui-config");
  if (!host || !source || typeof Yasgui === "undefined") return;
  document.documentElement.classList.add("js");
  var config = JSON.parse(source.textContent);
  var text = config.messages;
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var Yasqe = Yasgui.Yasqe;
  var SEEN = "vnkg-examples-seen:" + config.endpoint;
  var KEEP_MS = 30 * 24 * 3600 * 1000; // as long as YASGUI keeps its tabs (persistencyExpire)

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  // Completion from what this site knows: our prefixes, the classes and properties of the data.
  var remote = ["prefixes", "property", "class"];
  Yasqe.defaults.autocompleters = Yasqe.defaults.autocompleters.filter(function (name) {
    return remote.indexOf(name) < 0;
  });
  var declarations = Object.keys(config.prefixes).sort().map(function (name) {
    return name + ": <" + config.prefixes[name] + ">";
  });
  var terms = window
    .fetch(config.terms, { headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : {}; })
    .catch(function () { return {}; });
  function termsOf(kind) {
    return function () { return terms.then(function (found) { return found[kind] || []; }); };
  }
  Yasqe.forkAutocompleter("prefixes", { name: "local-prefixes", get: declarations, persistenceId: null });
  Yasqe.forkAutocompleter("class", { name: "local-classes", get: termsOf("class"), bulk: true });
  Yasqe.forkAutocompleter("property", { name: "local-properties", get: termsOf("property"), bulk: true });

  // Result IRIs read short: our prefixes, and one per kind of entity (`province:lang-son`).
  function displayPrefixes(yasr) {
    var found = {};
    var results = yasr && yasr.results;
    var rows = (results && results.getBindings && results.getBindings()) || [];
    rows.forEach(function (row) {
      Object.keys(row).forEach(function (name) {
        var term = row[name];
        if (!term || term.type !== "uri" || term.value.indexOf(config.entities) !== 0) return;
        var kind = term.value.slice(config.entities.length).split("/")[0];
        if (/^[A-Za-z][\w-]*$/.test(kind)) found[kind] = config.entities + kind + "/";
      });
    });
    // YASR takes the first prefix that fits: the longest namespace first (`ind:` before `vnkg:`).
    Object.keys(config.prefixes)
      .sort(function (a, b) { return config.prefixes[b].length - config.prefixes[a].length; })
      .forEach(function (name) { found[name] = config.prefixes[name]; });
    return found;
  }

  var yasgui;
  Yasgui.Yasr.defaults.errorRenderers = [function (error) { return renderError(error); }];
  yasgui = new Yasgui(host, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: "vnkg-query:" + config.endpoint,
    tabName: config.tabName,
    populateFromUrl: true,
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: endpoint }]; },
      keys: [],
    },
    yasqe: { value: config.defaultQuery, collapsePrefixesOnLoad: true },
    yasr: { prefixes: displayPrefixes },
  });

  // YASGUI stores a query when its editor loses focus; keep edits as they are typed, and
  // before the page goes (reload, Back, another page).
  function keep() {
    var tab = yasgui.getTab();
    var yasqe = tab && tab.getYasqe();
    if (yasqe && yasqe.getValue() !== tab.getPersistedJson().yasqe.value) tab.handleYasqeBlur(yasqe);
  }
  var pending;
  host.addEventListener("input", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(keep, 300);
  }, true);
  window.addEventListener("pagehide", keep);
  document.addEventListener("visibilitychange", keep);

  // Each example becomes a tab once; a tab closed stays closed (the list below reopens it).
  function seenExamples() {
    try {
      var kept = JSON.parse(window.localStorage.getItem(SEEN) || "null");
      return kept && Date.now() - kept.at < KEEP_MS ? kept.names : [];
    } catch (e) {
      return [];
    }
  }
  function tabFor(example) {
    var ids = yasgui.persistentConfig.getTabs();
    for (var i = 0; i < ids.length; i++) {
      // by its title in any language: a tab opened on the English page is the Vietnamese one
      if (example.titles.indexOf(yasgui.persistentConfig.getTab(ids[i]).name) >= 0) return ids[i];
    }
    return null;
  }
  function openExample(example, active) {
    var id = tabFor(example);
    if (id) {
      if (active) yasgui.selectTabId(id);
      return;
    }
    yasgui.addTab(active, {
      name: example.title,
      yasqe: { value: example.query },
      requestConfig: { endpoint: endpoint },
    });
  }
  var seen = seenExamples();
  config.examples.forEach(function (example) {
    if (seen.indexOf(example.name) < 0) openExample(example, false);
    // a tab opened in another language takes the title of this page's language
    var id = tabFor(example);
    var tab = id && yasgui.getTab(id);
    if (tab && tab.getName() !== example.title) tab.setName(example.title);
  });
  try {
    var names = config.examples.map(function (example) { return example.name; });
    window.localStorage.setItem(SEEN, JSON.stringify({ at: Date.now(), names: names }));
  } catch (e) { /* no storage: every visit starts afresh */ }

  // The example list under the editor: a button opens each in a tab.
  config.examples.forEach(function (example) {
    var item = document.getElementById("example-" + example.name);
    var summary = item && item.querySelector("details > p");
    if (!summary) return;
    var button = element("button", "open-example", text.open);
    button.type = "button";
    button.addEventListener("click", function () {
      openExample(example, true);
      host.scrollIntoView({ block: "start" });
    });
    summary.insertBefore(button, summary.firstChild);
  });

  // A menu of the open tabs, which replaces the row of tabs on narrow screens.
  var menu = document.getElementById("tab-menu");
  var NEW = "vnkg:new";
  function drawMenu() {
    if (!menu) return;
    var active = yasgui.persistentConfig.getActiveId();
    menu.textContent = "";
    yasgui.persistentConfig.getTabs().forEach(function (id) {
      var option = element("option", null, yasgui.persistentConfig.getTab(id).name);
      option.value = id;
      option.selected = id === active;
      menu.appendChild(option);
    });
    var add = element("option", null, "+ " + text.newTab);
    add.value = NEW;
    menu.appendChild(add);
  }
  function redraw() { window.setTimeout(drawMenu, 0); }
  ["tabAdd", "tabClose", "tabSelect", "tabChange", "tabOrderChanged"].forEach(function (event) {
    yasgui.on(event, redraw);
  });
  if (menu) {
    menu.addEventListener("change", function () {
      if (menu.value === NEW) yasgui.addTab(true);
      else yasgui.selectTabId(menu.value);
      redraw();
    });
    var close = document.getElementById("tab-close");
    if (close) close.addEventListener("click", function () {
      var tab = yasgui.getTab();
      if (tab) tab.close();
      redraw();
    });
  }
  drawMenu();

  // Errors for people: the endpoint's JSON error, a syntax error's line with a caret under it.
  function renderError(error) {
    var body;
    try {
      body = JSON.parse(error.text || "").error;
    } catch (e) {
      return undefined;
    }
    if (!body || !body.message) return undefined;
    var box = element("div", "query-error");
    box.setAttribute("role", "alert");
    var tab = yasgui.getTab();
    var yasqe = tab && tab.getYasqe();
    if (body.line && yasqe) {
      drawPosition(box, body, yasqe);
    } else {
      box.appendChild(element("p", "query-error-title", fill(text.error, { status: body.status })));
      box.appendChild(element("p", null, body.message));
    }
    return box;
  }

  function drawPosition(box, body, yasqe) {
    var lines = yasqe.getValue().split("\n");
    var line = lines[body.line - 1] || "";
    var atEnd = body.line >= lines.length && body.column > line.length;
    var title = atEnd ? fill(text.atEnd, { line: body.line }) : fill(text.syntax, body);
    box.appendChild(element("p", "query-error-title", title));
    var number = String(body.line) + " | ";
    var caret = number.replace(/./g, " ") + line.slice(0, body.column - 1).replace(/[^\t]/g, " ") + "^";
    box.appendChild(element("pre", "query-error-excerpt", number + line + "\n" + caret));
    if (body.prefix !== undefined) {
      box.appendChild(element("p", null, fill(text.prefix, { prefix: body.prefix + ":" })));
      var declared = (body.declared || []).map(function (name) { return name + ":"; });
      box.appendChild(element("p", null, declared.length ? fill(text.declared, { names: declared.join(", ") }) : text.noneDeclared));
      var namespace = config.prefixes[body.prefix];
      if (namespace) {
        var declaration = "PREFIX " + body.prefix + ": <" + namespace + ">";
        var add = element("button", null, fill(text.addPrefix, { declaration: declaration }));
        add.type = "button";
        add.addEventListener("click", function () {
          var wanted = {};
          wanted[body.prefix] = namespace;
          yasqe.addPrefixes(wanted);
          add.disabled = true;
        });
        box.appendChild(add);
      }
    } else if (body.expected) {
      box.appendChild(element("p", null, body.expected));
    }
    var go = element("button", null, text.goTo);
    go.type = "button";
    go.addEventListener("click", function () {
      yasqe.focus();
      yasqe.getDoc().setCursor({ line: body.line - 1, ch: Math.max(0, body.column - 1) });
    });
    box.appendChild(go);
  }

  // Our IRIs in result tables open this server's page for them, not the public IRI.
  host.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var href = link.getAttribute("href");
    Object.keys(config.local).forEach(function (prefix) {
      if (href.indexOf(prefix) === 0) {
        event.preventDefault();
        window.location.href = config.local[prefix] + href.slice(prefix.length);
      }
    });
  });
  window.vnkgYasgui = yasgui;
})();
