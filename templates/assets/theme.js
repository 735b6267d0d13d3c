// Runs before the page paints (a blocking <script src> in <head>): applies the theme the reader chose, so a dark page never flashes light,
// and marks the page as scripted, so what only works with scripts (search, drawers, calculators) is laid out from the first paint.
document.documentElement.classList.add('js');
try {
  var t = localStorage.getItem('rulebook-theme');
  if (t === 'dark' || t === 'light') document.documentElement.setAttribute('data-theme', t);
} catch (e) {
  // Storage may be off for file:// pages: the system's theme then applies.
}
