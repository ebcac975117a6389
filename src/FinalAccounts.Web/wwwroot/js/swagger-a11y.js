// Swagger UI renders its server list without a label; name it for screen readers once React has drawn it.
(function () {
  function label() {
    var select = document.getElementById("servers");
    if (select && !select.hasAttribute("aria-label")) {
      select.setAttribute("aria-label", "服务器 Server");
    }
  }
  new MutationObserver(label).observe(document.documentElement, { childList: true, subtree: true });
  label();
})();
