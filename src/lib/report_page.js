(function () {
  'use strict';
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.row'));
  var only = document.getElementById('only');
  var pos = document.getElementById('pos');
  var cur = -1;
  function look(r) { return r.classList.contains('look'); }
  function shown(r) { return getComputedStyle(r).display !== 'none'; }
  function select(k, scroll) {
    var n = 0, at = 0;
    if (cur >= 0) rows[cur].classList.remove('current');
    cur = k;
    rows[k].classList.add('current');
    if (scroll && rows[k].scrollIntoView) rows[k].scrollIntoView({block: 'center'});
    rows.forEach(function (r, i) { if (look(r)) { n++; if (i <= k) at = n; } });
    pos.textContent = look(rows[k]) ? at + ' of ' + n : '';
  }
  function step(d) {
    var n = rows.length, base = cur >= 0 ? cur : (d > 0 ? -1 : 0);
    for (var s = 1; s <= n; s++) {
      var k = ((base + d * s) % n + n) % n;
      if (look(rows[k])) { select(k, true); return; }
    }
  }
  function filter(on) {
    only.checked = on;
    document.body.classList.toggle('only', on);
  }
  function press(key) {
    if (key === 'n' || key === 'j') step(1);
    else if (key === 'p' || key === 'k') step(-1);
    else if (key === 'f') filter(!only.checked);
    else return false;
    return true;
  }
  only.addEventListener('change', function () { filter(only.checked); });
  document.getElementById('next').addEventListener('click', function () { step(1); });
  document.getElementById('prev').addEventListener('click', function () { step(-1); });
  rows.forEach(function (r, i) { r.addEventListener('click', function () { select(i, false); }); });
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(e.target.tagName)) return;
    if (press(e.key)) e.preventDefault();
  });
  document.querySelector('.tools .js').hidden = false;
  var m = /^#test=([a-z,]*)$/.exec(location.hash);
  if (m) {
    m[1].split(',').forEach(function (k) { if (k) press(k); });
    document.body.setAttribute('data-current', cur >= 0 ? rows[cur].id : '');
    document.body.setAttribute('data-shown', String(rows.filter(shown).length));
  }
})();
