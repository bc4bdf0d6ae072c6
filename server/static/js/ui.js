// Start YASGUI on our endpoint with the example queries as tabs (config from ui.html).
(function () {
  "use strict";
  var host = document.getElementById("yasgui");
  var source = document.getElementById("vnkg-ui-config");
  if (!host || !source || typeof Yasgui === "undefined") return;
  var config = JSON.parse(source.textContent);
  var endpoint = new URL(config.endpoint, window.location.href).href;

  // Offline and private: no prefix.cc / LOV look-ups for autocompletion.
  var remote = ["prefixes", "property", "class"];
  Yasgui.Yasqe.defaults.autocompleters = Yasgui.Yasqe.defaults.autocompleters.filter(function (name) {
    return remote.indexOf(name) < 0;
  });

  var yasgui = new Yasgui(host, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: true,
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: endpoint }]; },
      keys: [],
    },
    yasqe: { value: config.defaultQuery, collapsePrefixesOnLoad: true },
    yasr: { prefixes: config.prefixes },
  });
  var tabs = {};
  config.examples.forEach(function (example) {
    var tab = yasgui.addTab(false, {
      name: example.title,
      yasqe: { value: example.query },
      requestConfig: { endpoint: endpoint },
    });
    tabs[example.name] = tab;
  });
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
  window.vnkgExampleTabs = tabs;
})();
