// The embeddable wall tells the page that frames it how tall it is, so the iframe can grow to fit.
(() => {
  const post = () =>
    window.parent.postMessage({ type: 'gongjin:height', height: document.documentElement.scrollHeight }, '*');
  window.addEventListener('load', post);
  document.addEventListener('htmx:afterSettle', post);
  if ('ResizeObserver' in window) new ResizeObserver(post).observe(document.body);
})();
