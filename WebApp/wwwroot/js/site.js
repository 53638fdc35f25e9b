// Progressive enhancement only: every control works without this file.
document.documentElement.classList.add('js');

// A refused form's summary of what to fix (Pages/Shared/_ErrorSummary.cshtml) takes the focus as the page opens: it is
// then in view, at the form's top, and read first, where a declined card's message sat far below on a phone.
// Its lines follow the page's order (the server lists them by field name), and a line's link shows the field with its
// label or legend in view and puts the focus in it: a link to a group of radios went nowhere, and a field was scrolled
// to the very top with its label off screen (a second outside review, session 44).
(() => {
  const summary = document.querySelector('[data-error-summary]');
  if (!summary) return;
  const targetOf = (link) => link && document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
  const list = summary.querySelector('ul');
  const items = [...list.querySelectorAll(':scope > li')];
  items.sort((x, y) => {
    const a = targetOf(x.querySelector('a[href^="#"]'));
    const b = targetOf(y.querySelector('a[href^="#"]'));
    if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
    return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  });
  items.forEach((li) => list.append(li));
  summary.addEventListener('click', (e) => {
    const target = targetOf(e.target.closest('a[href^="#"]'));
    if (!target) return;
    e.preventDefault();
    const field = target.matches('input, select, textarea') ? target : target.querySelector('input:not([type=hidden]), select, textarea');
    const anchor = target.matches('fieldset') ? (target.querySelector('legend') ?? target)
      : (document.querySelector(`label[for="${CSS.escape(target.id)}"]`) ?? target);
    anchor.scrollIntoView({ block: 'start' });
    (field ?? target).focus({ preventScroll: true });
  });
  summary.focus();
})();

// Screen readers hear in-place changes through the layout's one polite live region. Clearing it first makes a
// repeated message ("Quantity updated" twice) be read again.
const announce = (message) => {
  const region = document.getElementById('live-status');
  if (!region) return;
  region.textContent = '';
  setTimeout(() => { region.textContent = message; }, 50);
};

// The department menu and the search filters are <details> that site.css opens on wide screens with ::details-content.
// A browser without that selector gets them opened here instead (and without script, a click on the summary does it).
if (!CSS.supports?.('selector(::details-content)')) {
  const wide = [['.department-menu', '(min-width: 768px)'], ['.filter-panel', '(min-width: 992px)']];
  wide.forEach(([selector, query]) => {
    const media = window.matchMedia(query);
    const sync = () => document.querySelectorAll(selector).forEach(d => { d.open = media.matches; });
    media.addEventListener('change', sync);
    sync();
  });
}

// A two-step confirmation (a cancel, a refund) is a <details data-confirm>: opened, its buttons are scrolled into view
// (on a phone the "Yes" opened below the fold, session 47's review), and its "Keep" link, which without script reloads
// the page, folds it in place. For a moment after it opens the buttons take no taps: the scroll brought "Yes" under
// the finger that opened it, and a double tap at the screen's foot cancelled the order (a second review, 4 of 4).
document.querySelectorAll('details[data-confirm]').forEach((confirm) => {
  const buttons = confirm.querySelector('button[type=submit]')?.parentElement;
  let armed = 0;
  confirm.addEventListener('toggle', () => {
    if (!confirm.open || !buttons) return;
    buttons.style.pointerEvents = 'none';
    clearTimeout(armed);
    armed = setTimeout(() => { buttons.style.pointerEvents = ''; }, 800);
    buttons.scrollIntoView({ block: 'nearest' });
  });
  confirm.querySelector('[data-keep]')?.addEventListener('click', (e) => {
    e.preventDefault();
    confirm.open = false;
    confirm.querySelector('summary').focus();
  });
  // Escape folds it as "Keep" does (it did nothing on the admin's grant; a second review, session 48).
  confirm.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || !confirm.open) return;
    confirm.open = false;
    confirm.querySelector('summary').focus();
  });
});

// On phones the filters fold over the results. A filter tap reloads the page, which would fold them again: a shopper
// picking three brands reopened the panel three times and scrolled back to where they were. So a tap inside the open
// panel leaves a note for the next page (this tab only), which reopens the panel with the tapped option where the
// finger left it (the applied-filter chips above it grow). "Show n results" at the panel's foot folds it.
// On a desktop an option chosen with the keyboard leaves the note too: the page came back at its top with the focus
// on the page, 27 Tab presses from the next brand (an outside review, session 50).
(() => {
  const panel = document.querySelector('.filter-panel');
  if (!panel) return;
  const phone = window.matchMedia('(max-width: 991.98px)');
  const key = 'filters-open';
  let note = null;
  try { note = JSON.parse(sessionStorage.getItem(key) || 'null'); sessionStorage.removeItem(key); } catch { /* storage off */ }
  if (note && (phone.matches || note.keyboard) && note.path === location.pathname) {
    panel.open = true;
    const option = note.facet
      && panel.querySelector(`a[data-facet="${CSS.escape(note.facet)}"]${note.key ? `[data-key="${CSS.escape(note.key)}"]` : ''}`);
    // Instant: Bootstrap's smooth scrolling would slide the page down from the top on every tap.
    const y = option && option.getClientRects().length ? option.getBoundingClientRect().top + window.scrollY - note.top : note.y;
    window.scrollTo({ top: y, behavior: 'instant' });
    // A keyboard or screen-reader user carries on from the option they chose, not from the top of the page.
    if (option && note.keyboard) {
      option.focus({ preventScroll: true });
      // Noted mid-way through a smooth scroll (Tab and Enter pressed at once), the place can be off the screen (the
      // second review, session 50): then the option comes to the middle.
      const at = option.getBoundingClientRect();
      if (at.top < 0 || at.bottom > window.innerHeight) option.scrollIntoView({ block: 'center', behavior: 'instant' });
    }
  } else if (history.state?.filtersOpen && phone.matches) {
    // Back (or reload) to a page left with the panel open: open it before the browser restores the scroll position,
    // which it measured with the panel open (the pages are no-store, so there is no back-forward cache to keep it).
    panel.open = true;
  }
  // The history entry remembers whether the panel is open, for Back.
  panel.addEventListener('toggle', () => {
    try { history.replaceState({ ...history.state, filtersOpen: panel.open }, ''); } catch { /* state refused */ }
  });
  const remember = (target, keyboard) => {
    if (phone.matches ? !panel.open : !keyboard) return;
    const next = { path: location.pathname, y: window.scrollY, keyboard };
    const option = target.closest('a[data-facet]');
    if (option) Object.assign(next, { facet: option.dataset.facet, key: option.dataset.key || '', top: option.getBoundingClientRect().top });
    try { sessionStorage.setItem(key, JSON.stringify(next)); } catch { /* storage off */ }
  };
  panel.addEventListener('click', (e) => {
    const link = e.target.closest('a[href]');
    if (!link) return;
    if (link.matches('.filter-panel-done')) {
      // Past the last page it is a link to page 1, which opens with the panel folded: no note for it.
      if (link.getAttribute('href') !== '#results') return;
      e.preventDefault();
      panel.open = false;
      // Focus back on the panel's own line, the results right below it.
      const summary = panel.querySelector('summary');
      summary.focus({ preventScroll: true });
      summary.scrollIntoView({ block: 'start', behavior: 'instant' });
      return;
    }
    // e.detail is 0 for a click made with the keyboard (Enter on a link).
    if (!e.ctrlKey && !e.metaKey && !e.shiftKey && e.button === 0) remember(link, e.detail === 0);
  });
  panel.addEventListener('submit', (e) => remember(e.target, false));
})();

// Sort menus submit on change; without JavaScript their "Apply" button does it.
// A choice picked from the open list (mouse, touch) applies at once. Arrow keys on a closed list change the value as
// they go, so there a change only shows the Apply button, and Enter applies: each arrow press reloading the page sent
// a keyboard user through three pages to reach "Newest" (WCAG 3.2.2, on input).
document.querySelectorAll('select[data-autosubmit]').forEach(select => {
  const apply = select.form.querySelector('button[type=submit].js-hide');
  let keyed = false;
  select.addEventListener('pointerdown', () => { keyed = false; });
  select.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      select.form.submit();
    } else if (e.key !== 'Tab' && e.key !== 'Shift') {
      keyed = true;
    }
  });
  select.addEventListener('change', () => {
    if (!keyed) select.form.submit();
    else apply?.classList.remove('js-hide');
  });
});

// Search suggestions: the header box asks /search/suggest as the shopper types. Without JavaScript (or if the request
// fails) the box is a plain form that submits to /search.
(() => {
  const input = document.getElementById('site-search-q');
  if (!input) return;
  const list = document.createElement('ul');
  list.id = 'search-suggestions';
  list.className = 'search-suggestions list-unstyled';
  list.setAttribute('role', 'listbox');
  list.hidden = true;
  input.parentElement.style.position = 'relative';
  input.parentElement.appendChild(list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('aria-expanded', 'false');

  let timer = 0;
  let controller = null;
  let active = -1;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    // No option stays marked selected in the hidden list (an outside review found one after Escape).
    highlight(-1);
  };
  // Focus stays in the box (the combobox pattern): the highlighted option is named by aria-activedescendant.
  const highlight = (index) => {
    const items = list.querySelectorAll('[role=option]');
    items.forEach((item, i) => item.setAttribute('aria-selected', i === index ? 'true' : 'false'));
    active = index;
    if (index >= 0) {
      input.setAttribute('aria-activedescendant', items[index].id);
      items[index].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };

  const render = (suggestions) => {
    list.replaceChildren();
    suggestions.forEach((s, i) => {
      const li = document.createElement('li');
      li.setAttribute('role', 'none');
      const a = document.createElement('a');
      a.href = s.url;
      a.id = `suggestion-${i}`;
      a.setAttribute('role', 'option');
      a.setAttribute('aria-selected', 'false');
      a.tabIndex = -1;
      a.dataset.type = s.type;
      a.textContent = s.label;
      if (s.type === 'correction' || s.type === 'price') {
        const words = document.createElement('strong');
        words.textContent = s.label;
        a.replaceChildren('Search for ', words);
      }
      if (s.type === 'category') {
        const tag = document.createElement('span');
        tag.className = 'suggestion-type';
        tag.textContent = 'Category';
        a.append(' ', tag);
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = suggestions.length === 0;
    input.setAttribute('aria-expanded', String(!list.hidden));
    input.removeAttribute('aria-activedescendant');
    active = -1;
    announce(suggestions.length === 0 ? 'No suggestions'
      : `${suggestions.length} suggestion${suggestions.length === 1 ? '' : 's'}, use the up and down arrows to choose`);
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) { close(); return; }
    timer = setTimeout(async () => {
      controller?.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`/search/suggest?q=${encodeURIComponent(q)}`, { signal: controller.signal, headers: { Accept: 'application/json' } });
        if (!response.ok) return;
        const body = await response.json();
        // An answer arriving after the shopper tabbed away opened a list over the page nobody was looking at.
        if (input.value.trim() === q && document.activeElement === input) {
          list.dataset.for = q;
          render(body.suggestions);
        }
      } catch { /* aborted or offline: the plain form still works */ }
    }, 120);
  });

  input.addEventListener('keydown', (e) => {
    const items = list.querySelectorAll('[role=option]');
    if (items.length === 0) return;
    // The combobox pattern: Down opens a list closed by Escape again, without typing anything (if it is still the
    // list for what the box says).
    if (list.hidden) {
      if (e.key === 'ArrowDown' && input.value.trim() === list.dataset.for) {
        e.preventDefault();
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
        highlight(0);
      }
      return;
    }
    // Past either end the arrows come back to the words typed (no option highlighted), as search boxes do, rather than
    // wrapping from the first option to the last: a shopper could not get back to what they typed with the arrows.
    if (e.key === 'ArrowDown') { e.preventDefault(); highlight(active + 1 < items.length ? active + 1 : -1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); highlight(active === -1 ? items.length - 1 : active - 1); }
    else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); items[active].click(); }
    else if (e.key === 'Escape') { e.preventDefault(); close(); }
  });
  input.addEventListener('blur', () => {
    clearTimeout(timer);
    setTimeout(() => { if (!list.contains(document.activeElement) && document.activeElement !== input) close(); }, 150);
  });
  document.addEventListener('click', (e) => { if (!list.contains(e.target) && e.target !== input) close(); });
})();

// Cart forms (add on product and listing pages; update and remove on /cart) post in place with this script: the
// same handlers answer JSON (or, on /cart, the cart fragment) when asked. Without it they post and redirect back.
(() => {
  const toast = document.getElementById('cart-toast');
  let toastTimer = 0;
  // After an add the toast carries "View cart" and "Check out": it stays while the pointer or focus is in it, so the
  // links can be reached before it goes.
  const hideLater = () => {
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { if (!toast.matches(':hover, :focus-within')) toast.hidden = true; else hideLater(); }, 8000);
  };
  const say = (message, isError, withLinks, near) => {
    if (!toast) return;
    toast.replaceChildren(message);
    if (withLinks) {
      [['/cart', 'View cart'], ['/checkout', 'Check out']].forEach(([href, text]) => {
        const link = document.createElement('a');
        link.href = href;
        link.textContent = text;
        toast.append(' ', link);
      });
    }
    // On a phone the toast covers the next row's "Add to cart" buttons for its eight seconds (an outside review): a
    // shopper adding several can close it.
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'cart-toast-close';
    close.setAttribute('aria-label', 'Close');
    close.textContent = '×';
    close.addEventListener('click', () => { clearTimeout(toastTimer); toast.hidden = true; });
    toast.append(close);
    toast.classList.toggle('is-error', !!isError);
    toast.style.top = '';
    toast.hidden = false;
    place(near);
    hideLater();
  };
  const overlaps = (a, b) => a.top < b.bottom && a.bottom > b.top && a.left < b.right && a.right > b.left;
  // On a phone the toast lay over what was just used, the focused button and the quantity box hidden for eight
  // seconds (WCAG 2.4.11; an outside review, session 50). It moves just above them then (the header stays in sight),
  // else just below, else to the screen's top. What counts is the button and a quantity box beside it, not its form:
  // a listing's one form spans the whole grid (the second review).
  const place = (button) => {
    const keep = button ? [button, button.form?.querySelector('input[name=Quantity]')].filter(el => el && el.getClientRects().length) : [];
    if (!keep.length) return;
    const rects = keep.map(el => el.getBoundingClientRect());
    const box = { top: Math.min(...rects.map(r => r.top)), bottom: Math.max(...rects.map(r => r.bottom)), left: Math.min(...rects.map(r => r.left)), right: Math.max(...rects.map(r => r.right)) };
    const at = toast.getBoundingClientRect();
    if (!overlaps(at, box)) return;
    const height = at.height;
    const top = [box.top - height - 8, box.bottom + 8].find(t => t >= 8 && t + height <= window.innerHeight - 8) ?? 8;
    toast.style.top = `${top}px`;
  };
  // The focus moved to something the toast lies over (the search box under a toast at the top): it goes, rather than
  // hide what is being typed (the second review).
  document.addEventListener('focusin', (e) => {
    if (!toast || toast.hidden || toast.contains(e.target) || !(e.target instanceof Element)) return;
    if (overlaps(toast.getBoundingClientRect(), e.target.getBoundingClientRect())) {
      clearTimeout(toastTimer);
      toast.hidden = true;
    }
  });
  // The toast sits at the page's end, 46 to 63 Tab presses from an "Add to cart" on a product or listing page, and
  // was gone before a keyboard reached it (an outside review, session 48). Tab from the button just pressed goes into
  // the toast, once; Shift+Tab from its start or Escape goes back to that button, and Tab past its end goes on to what
  // follows the button (going back to the button looped, a keyboard trap; the second review).
  let addedFrom = null;
  const after = (element) => {
    const all = [...document.querySelectorAll('a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled])')]
      .filter(el => !toast.contains(el) && el.getClientRects().length > 0);
    return all[all.indexOf(element) + 1] ?? null;
  };
  document.addEventListener('keydown', (e) => {
    if (!toast || toast.hidden || !addedFrom) return;
    const links = [...toast.querySelectorAll('a, button')];
    const inToast = toast.contains(document.activeElement);
    if (e.key === 'Tab' && !e.shiftKey && document.activeElement === addedFrom && links.length > 1) {
      e.preventDefault();
      links[0].focus();
    } else if (inToast && (e.key === 'Escape' || (e.key === 'Tab' && e.shiftKey && document.activeElement === links[0]))) {
      e.preventDefault();
      if (e.key === 'Escape') {
        clearTimeout(toastTimer);
        toast.hidden = true;
      }
      addedFrom.focus();
    } else if (inToast && e.key === 'Tab' && !e.shiftKey && document.activeElement === links.at(-1)) {
      e.preventDefault();
      const next = after(addedFrom);
      addedFrom = null;
      (next ?? document.body).focus();
    }
  });
  // A quantity the browser refuses (over 99) shows its own message by the field: the last add's "Added 2 × ..." stayed
  // beside it as if this one had worked too (an outside review, session 44).
  document.addEventListener('invalid', (e) => {
    if (!toast || toast.hidden || !e.target.closest?.('form')) return;
    clearTimeout(toastTimer);
    toast.hidden = true;
  }, true);
  const setCount = (count) => {
    document.querySelectorAll('[data-cart-count]').forEach(el => {
      if (el.id === 'cart-contents') return;
      el.textContent = String(count);
    });
  };

  const send = async (form, body, focusedBefore, pressedButton) => {
    const fragment = form.closest('#cart-contents');
    const response = await fetch(form.action, {
      method: 'POST',
      body,
      headers: fragment ? { 'X-Cart-Fragment': '1' } : { Accept: 'application/json' },
      credentials: 'same-origin',
    });
    if (fragment) {
      if (!response.headers.get('content-type')?.includes('text/html')) throw new Error('unexpected answer');
      const holder = document.createElement('div');
      holder.innerHTML = await response.text();
      const fresh = holder.querySelector('#cart-contents');
      if (!fresh) throw new Error('unexpected answer');
      // Swapping the fragment drops the keyboard focus: put it back on the same control (inputs keep their id), or on
      // the cart's message when the line is gone, and read that message out.
      // Where the focus is now wins over where it was when sent: a quantity typed and left with Tab saves itself, and
      // the focus has moved on to Update by the time the answer comes (it fell to the page's top; session 48's review).
      const now = fragment.contains(document.activeElement) ? document.activeElement : null;
      const focused = now ?? (fragment.contains(focusedBefore) ? focusedBefore : null);
      const oldLine = focused?.closest('[data-product-id]');
      const lineId = oldLine?.dataset.productId;
      const controls = 'a[href], button, input:not([type=hidden])';
      const place = oldLine ? [...oldLine.querySelectorAll(controls)].indexOf(focused) : -1;
      fragment.replaceWith(fresh);
      setCount(fresh.dataset.cartCount);
      const message = fresh.querySelector('[data-testid=cart-message]');
      if (message) message.tabIndex = -1;
      const line = lineId ? fresh.querySelector(`[data-product-id="${lineId}"]`) : null;
      // After a remove the line is gone: the focus goes to the message, and its "Undo" is the next Tab stop.
      const target = (focused?.id && document.getElementById(focused.id))
        || (place >= 0 ? line?.querySelectorAll(controls)[place] : null)
        || line?.querySelector(`form[action="${form.getAttribute('action')}"] button`)
        || message || fresh.querySelector('a, button');
      if (focused) target?.focus();
      if (message) {
        const text = message.querySelector('[data-cart-message-text]')?.textContent.trim() ?? message.textContent.trim();
        announce(message.querySelector('[data-testid=undo]') ? `${text} Undo is next.` : text);
      }
      return;
    }
    const answer = await response.json();
    if (typeof answer.count === 'number') setCount(answer.count);
    addedFrom = focusedBefore instanceof HTMLButtonElement ? focusedBefore : null;
    say(answer.ok ? answer.message : (answer.detail || 'The cart was not changed.'), !answer.ok, answer.ok, pressedButton);
  };

  // The button a submit came from. Browsers without SubmitEvent.submitter (Safari before 15.4) still fire the click
  // first, and in a product grid the pressed button is what names the product.
  let clicked = null;
  let pressed = 0; // how many adds were started: only the latest one's answer gives the focus back
  // Changes are sent one after another. A visitor's first add creates their cart and its cookie: a second add sent
  // before that answer came back would carry no cookie and make a second cart, and one of the two would be lost. In
  // order, each also answers with the count after the one before.
  let queue = Promise.resolve();
  document.addEventListener('click', (e) => { clicked = e.target.closest?.('form[data-cart-form] button[type=submit]') ?? null; }, true);

  // A quantity that saves itself as it is left (below): its change comes while the focus is between two controls.
  let saving = null;
  let saved = null;
  document.addEventListener('submit', async (e) => {
    const form = e.target.closest('form[data-cart-form]');
    if (!form) return;
    e.preventDefault();
    const submitter = e.submitter ?? (clicked?.form === form ? clicked : null);
    const auto = saving?.form === form ? saving : null;
    saving = null;
    // Before the buttons are disabled, which drops the focus; a quantity left by Tab or a click has already lost it.
    const focused = auto && (document.activeElement === document.body || !document.activeElement) ? auto : document.activeElement;
    // Also before: a disabled button is left out of the form's data. Browsers whose FormData takes no submitter
    // (before Chrome 112, Firefox 111, Safari 16.4) leave it out too, so it is added when missing.
    const body = new FormData(form);
    if (submitter?.name && !body.has(submitter.name)) body.append(submitter.name, submitter.value);
    // Update clicked in the same moment as the quantity it leaves saves itself: that save is the one sent.
    const same = (a, b) => [...a.entries()].every(([k, v]) => b.get(k) === v);
    if (!auto && saved && saved.form === form && Date.now() - saved.at < 2000 && same(body, saved.body)) return;
    if (auto) saved = { form, body, at: Date.now() };
    const mine = ++pressed;
    // In a grid only the pressed button waits: a shopper may press the next tile's while the first add is on its way,
    // and that add goes next. A quantity saving itself disables nothing: the focus is moving to its Update button.
    const buttons = auto ? [] : form.querySelector('.product-grid') && submitter ? [submitter] : [...form.querySelectorAll('button')];
    buttons.forEach(b => { b.disabled = true; });
    const sent = queue.then(() => send(form, body, focused, submitter));
    queue = sent.catch(() => {});
    try {
      await sent;
    } catch {
      // The plain post-redirect-get path still works. submit() sends no button, so the pressed one goes along as a field.
      if (submitter?.name) {
        const chosen = document.createElement('input');
        chosen.type = 'hidden';
        chosen.name = submitter.name;
        chosen.value = submitter.value;
        form.append(chosen);
      }
      form.submit();
    } finally {
      buttons.forEach(b => { b.disabled = false; });
      // Disabling the pressed button dropped the keyboard focus; give it back, unless the answer moved it on purpose
      // or the shopper has pressed another button since.
      if (mine === pressed && focused?.isConnected && (document.activeElement === document.body || document.activeElement === null)) focused.focus();
    }
  });

  // On /cart a changed quantity saves itself; the Update button stays for keyboards and for no script.
  document.addEventListener('change', (e) => {
    if (!e.target.matches('input[data-autosubmit-cart]')) return;
    saving = e.target;
    e.target.form.requestSubmit();
  });
})();

// Checkout: card fields only when paying by card, and one submit per click (the server is idempotent anyway: the form
// carries a one-time key, so even a second submit lands on the same order).
(() => {
  const form = document.querySelector('form[data-testid=checkout-form]');
  if (!form) return;
  const card = form.querySelector('[data-card-fields]');
  const sync = () => { if (card) card.hidden = form.querySelector('input[name="Input.PaymentMethod"]:checked')?.value !== 'card'; };
  form.addEventListener('change', (e) => { if (e.target.name === 'Input.PaymentMethod') sync(); });
  sync();
  form.addEventListener('submit', (e) => {
    const button = form.querySelector('[data-testid=place-order]');
    // Not for a submit held back (address.js waits for the totals, and may not send at all): the button stayed
    // "Placing your order…", disabled, over an order never sent.
    setTimeout(() => { if (e.defaultPrevented) return; button.disabled = true; button.textContent = 'Placing your order…'; }, 0);
  });
})();

// A moment the server wrote in UTC (Pages/LocalTime.cs) is shown in this browser's time zone, the UTC text kept as
// its title: an order placed late in the evening in New York read as the next day's. Built from parts, with the
// server's month names, so both read alike ("6 Dec 2026, 02:30 GMT+9"; en-GB's own short September is "Sept").
(() => {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const format = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric', month: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
  });
  document.querySelectorAll('time[data-local]').forEach(time => {
    const at = new Date(time.dateTime);
    if (Number.isNaN(at.getTime())) return;
    const part = Object.fromEntries(format.formatToParts(at).map(p => [p.type, p.value]));
    time.title = time.textContent;
    time.textContent = `${Number(part.day)} ${months[Number(part.month) - 1]} ${part.year}, ${part.hour}:${part.minute} ${part.timeZoneName}`;
  });
})();

// A product's thumbnails show their photo in the main picture (without script each opens its photo), the one shown
// marked for assistive technology too, and said: a screen reader heard nothing change when one was pressed.
(() => {
  const main = document.querySelector('[data-gallery-main]');
  if (!main) return;
  const full = document.querySelector('a[data-gallery-full]');
  const photos = [...document.querySelectorAll('a[data-gallery-photo]')];
  photos.forEach(link => link.addEventListener('click', (e) => {
    e.preventDefault();
    main.src = link.getAttribute('href');
    if (full) full.href = link.getAttribute('href');
    main.alt = `${main.dataset.name}, ${link.querySelector('img').alt.toLowerCase()}`;
    document.querySelectorAll('a[data-gallery-photo]').forEach(other => other.removeAttribute('aria-current'));
    link.setAttribute('aria-current', 'true');
    announce(`Showing ${link.querySelector('img').alt.toLowerCase()}`);
  }));
  // A swipe across the photo shows the next (to the left) or previous one, as a phone's gallery does.
  if (photos.length < 2) return;
  let startX = null, startY = null;
  main.addEventListener('touchstart', (e) => { [startX, startY] = [e.touches[0].clientX, e.touches[0].clientY]; }, { passive: true });
  main.addEventListener('touchend', (e) => {
    if (startX === null) return;
    const [dx, dy] = [e.changedTouches[0].clientX - startX, e.changedTouches[0].clientY - startY];
    startX = null;
    if (Math.abs(dx) < 40 || Math.abs(dx) < Math.abs(dy) * 1.5) return;
    const at = Math.max(0, photos.findIndex(link => link.getAttribute('aria-current') === 'true'));
    photos[(at + (dx < 0 ? 1 : -1) + photos.length) % photos.length].click();
  });
})();

// A message said in place (a vote's or report's outcome under its review) takes the focus as the page comes back, so a
// keyboard goes on from there and a screen reader reads it: at the page's top it was far off screen, the focus on <body>.
// Once loaded: the browser's own move to the address's #review-N came after a focus given earlier and took it away.
(() => {
  const note = document.querySelector('[data-focus-on-load]');
  if (!note) return;
  // The review it is about in sight with it (the note alone at the screen's top read as the next review's; the fourth
  // review, session 51): the whole review when it fits, else its end with the note.
  const focus = () => setTimeout(() => {
    const review = note.closest('[data-testid=review]') ?? note;
    const fits = review.getBoundingClientRect().height <= window.innerHeight * 0.8;
    (fits ? review : note).scrollIntoView({ block: fits ? 'center' : 'end', behavior: 'instant' });
    note.focus({ preventScroll: true });
  }, 0);
  if (document.readyState === 'complete') focus(); else window.addEventListener('load', focus, { once: true });
})();
