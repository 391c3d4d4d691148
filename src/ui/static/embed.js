// The embeddable wall (/embed/wall). It tells the page that frames it how tall it is, so the iframe
// can grow to fit, and opens an item in a dialog over the wall, inside the frame: no navigation and
// nothing asked of the parent page. A served file, not an inline script, so the CSP stays strict.
(() => {
  const dialog = document.getElementById('wall-item');
  // An open item dialog sits in the top layer, outside the page's height: the frame must fit it too.
  const height = () => {
    const page = document.documentElement.scrollHeight;
    if (!dialog?.open) return page;
    return Math.max(page, Math.ceil(dialog.getBoundingClientRect().bottom + window.scrollY + 16));
  };
  const post = () => window.parent.postMessage({ type: 'gongjin:height', height: height() }, '*');
  window.addEventListener('load', post);
  document.addEventListener('htmx:afterSettle', post);
  if ('ResizeObserver' in window) new ResizeObserver(post).observe(document.body);

  if (!dialog || typeof dialog.showModal !== 'function') return; // tiles stay links
  const body = dialog.querySelector('[data-item-body]');
  const ITEM = /^\/(?:embed\/)?wall\/(members|products|speakers)\/([a-z0-9-]+)$/;
  let opened = 0;

  async function open(kind, slug, near) {
    const mine = ++opened;
    body.textContent = dialog.dataset.loading;
    // The frame is as tall as the wall (it posts its height), so a centred dialog could be far from
    // what the visitor is looking at: it opens beside the tile that was clicked.
    const top = near ? near.getBoundingClientRect().top + window.scrollY : window.scrollY;
    dialog.style.top = `${Math.max(0, top - 16)}px`;
    if (!dialog.open) dialog.showModal();
    post();
    try {
      const res = await fetch(`/embed/wall/${kind}/${slug}`, { credentials: 'same-origin' });
      if (!res.ok) throw new Error(String(res.status));
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      const item = doc.querySelector(
        '[data-testid="member-detail"], [data-testid="product-detail"], [data-testid="speaker-detail"]',
      );
      if (!item) throw new Error('no item');
      const copy = document.importNode(item, true);
      // The wall keeps its links in the frame; an item's other links (websites, salons, lists) open in a new tab.
      for (const a of copy.querySelectorAll('a[href]')) {
        const url = new URL(a.getAttribute('href'), location.href);
        if (url.origin !== location.origin || url.search || !ITEM.test(url.pathname)) {
          a.target = '_blank';
          a.relList.add('noopener');
        }
      }
      if (mine === opened) body.replaceChildren(copy);
    } catch {
      if (mine === opened) body.textContent = dialog.dataset.failed;
    }
    post();
  }

  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target instanceof Element ? e.target.closest('a[href]') : null;
    if (!a) return;
    const url = new URL(a.href, location.href);
    const m = url.origin === location.origin && !url.search ? ITEM.exec(url.pathname) : null;
    if (!m) return;
    e.preventDefault();
    open(m[1], m[2], dialog.contains(a) ? null : a);
  });
  // A click on the backdrop (outside the dialog's box) closes it, as the close button does.
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog) {
      const r = dialog.getBoundingClientRect();
      if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom)
        dialog.close();
    }
  });
  dialog.addEventListener('close', post);
})();
