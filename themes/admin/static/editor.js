// The commentary editor's live preview. Without JavaScript the editor works fully (the Preview
// button renders the same page on the server); with it, the form is posted (with its CSRF token)
// as action=live_preview a moment after typing stops, and the public page it would make is shown
// beside the form in a sandboxed iframe (srcdoc, no allow-scripts: nothing in it ever runs).
(function () {
  'use strict';
  var form = document.getElementById('editor-form');
  var pane = document.getElementById('live-preview');
  var frame = document.getElementById('live-preview-frame');
  var choice = document.getElementById('live-preview-lang');
  var status = document.getElementById('live-preview-status');
  if (!form || !pane || !frame || !choice || !window.fetch || !window.URLSearchParams || !window.FormData) return;
  var kDelayMs = 700;
  var timer = null;
  var latest = 0;

  function focusedLanguage() {
    var el = document.activeElement;
    var box = el && el.closest ? el.closest('fieldset.language') : null;
    return box ? box.getAttribute('lang') : null;
  }

  function refresh() {
    var body = new URLSearchParams(new FormData(form));
    body.set('action', 'live_preview');
    body.set('preview_lang', choice.value);
    var mine = ++latest;
    status.textContent = pane.getAttribute('data-updating');
    fetch(form.getAttribute('action'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.toString()
    }).then(function (response) {
      return response.text().then(function (html) {
        if (mine !== latest) return;  // an older answer arriving late
        frame.srcdoc = html;
        status.textContent = response.ok ? '' : pane.getAttribute('data-failed');
      });
    }).catch(function () {
      if (mine === latest) status.textContent = pane.getAttribute('data-failed');
    });
  }

  function later() {
    var lang = focusedLanguage();
    if (lang && lang !== choice.value) {
      for (var i = 0; i < choice.options.length; i++)
        if (choice.options[i].value === lang) choice.value = lang;
    }
    clearTimeout(timer);
    timer = setTimeout(refresh, kDelayMs);
  }

  pane.hidden = false;
  document.body.classList.add('has-live-preview');
  form.addEventListener('input', later);
  form.addEventListener('change', later);
  choice.addEventListener('change', refresh);
  refresh();
})();
