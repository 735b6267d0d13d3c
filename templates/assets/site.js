// Page behaviour without inline script (the CSP forbids it): copy-link anchors, search and calculators.
const root = new URL(document.querySelector('.search')?.dataset.root ?? './', document.baseURI);

for (const a of document.querySelectorAll('a[data-copy]')) {
  a.addEventListener('click', async (event) => {
    const url = new URL(a.getAttribute('href'), location.href).href;
    try {
      await navigator.clipboard.writeText(url);
      event.preventDefault();
      history.replaceState(null, '', url);
      a.classList.add('copied');
      setTimeout(() => a.classList.remove('copied'), 1500);
    } catch {
      // No clipboard (plain http on another host): following the link still puts it in the address bar.
    }
  });
}

if (document.querySelector('.search-input')) import(new URL('assets/search.js', root).href).then((m) => m.setup(root));
if (document.querySelector('.calc-form')) import(new URL('assets/calculator.js', root).href).then((m) => m.setup(root));
