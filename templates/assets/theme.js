// Runs before the page paints (a blocking <script src> in <head>): applies the theme the reader chose, so a dark page never flashes light.
try {
  var t = localStorage.getItem('rulebook-theme');
  if (t === 'dark' || t === 'light') document.documentElement.setAttribute('data-theme', t);
} catch (e) {
  // Storage may be off for file:// pages: the system's theme then applies.
}
