// Checkout address: the region list shows only the chosen country's states or provinces, and hides itself for a
// country without them. Without this script the grouped list still works and the server checks the pair.
(() => {
    const country = document.getElementById('Input_Country');
    const region = document.getElementById('Input_Region');
    const field = document.querySelector('[data-region-field]');
    if (!country || !region || !field) return;
    const sync = () => {
        let any = false;
        for (const group of region.querySelectorAll('optgroup')) {
            const mine = group.dataset.country === country.value;
            group.hidden = !mine;
            group.disabled = !mine;
            any ||= mine;
        }
        if (region.selectedOptions[0]?.parentElement?.disabled) region.value = '';
        field.hidden = !any;
    };
    country.addEventListener('change', sync);
    sync();
})();

// The totals follow the address as it is chosen: a shopper who never pressed "Update the totals" saw "Tax: Worked out
// from your address" and a total without tax up to "Place order" (session 48's reviews). The country, the state and
// the delivery option post the form (never the card's fields) to the same handler as that button, and the page's own
// answer replaces the totals, each option's order total and the figures the order agrees to. The server still refuses
// a tax it did not show, so without this script the shopper is shown the tax before anything is charged.
(() => {
    const form = document.querySelector('form[data-testid=checkout-form]');
    const button = form?.querySelector('[data-testid=update-totals]');
    if (!form || !button) return;
    let pending = null;
    const refresh = async () => {
        const body = new FormData(form);
        for (const name of [...body.keys()]) if (name.startsWith('Input.Card')) body.delete(name);
        const response = await fetch(button.formAction.split('#')[0], { method: 'POST', body, credentials: 'same-origin' });
        if (!response.ok) return;
        const page = new DOMParser().parseFromString(await response.text(), 'text/html');
        for (const name of ['Input.QuotedSubtotalCents', 'Input.QuotedTaxCents', 'Input.QuotedLines']) {
            const fresh = page.querySelector(`input[name="${name}"]`);
            const mine = form.querySelector(`input[name="${name}"]`);
            if (fresh && mine) mine.value = fresh.value;
        }
        const totals = page.getElementById('checkout-totals');
        if (totals) document.getElementById('checkout-totals')?.replaceChildren(...totals.childNodes);
        for (const total of page.querySelectorAll('[data-ship-total]')) {
            const mine = form.querySelector(`[data-ship-total="${total.dataset.shipTotal}"]`);
            if (mine) mine.textContent = total.textContent;
        }
    };
    // Busy while an update is on its way, so a screen reader waits for the new figures (and a test can too).
    const busy = (on) => document.getElementById('checkout-totals')?.setAttribute('aria-busy', on ? 'true' : 'false');
    const changed = () => {
        const run = (pending ?? Promise.resolve()).then(refresh).catch(() => { /* the server still checks */ });
        pending = run;
        busy(true);
        run.then(() => {
            if (pending !== run) return;
            pending = null;
            busy(false);
        });
    };
    for (const field of form.querySelectorAll('#Input_Country, #Input_Region, input[name="Input.ShippingMethod"]')) {
        field.addEventListener('change', changed);
    }
    // "Place order" pressed while the totals are on their way waits for them, and goes on only if they did not change:
    // sent on with the new figures, it charged a tax (or a delivery) the page had not yet drawn (8 of 8 in a second
    // outside review, session 48). Changed, the new totals are shown and said, and the shopper presses again.
    const figures = () => ['Input.QuotedSubtotalCents', 'Input.QuotedTaxCents'].map(n => form.querySelector(`input[name="${n}"]`)?.value)
        .concat(document.querySelector('#checkout-totals [data-testid=total]')?.textContent).join('|');
    form.addEventListener('submit', (e) => {
        if (!pending || e.submitter === button) return;
        e.preventDefault();
        const submitter = e.submitter;
        const shown = figures();
        pending.then(() => {
            if (figures() === shown) {
                form.requestSubmit(submitter);
                return;
            }
            const total = document.querySelector('#checkout-totals [data-testid=total]')?.textContent ?? '';
            let notice = document.getElementById('totals-changed');
            if (!notice) {
                notice = document.createElement('p');
                notice.id = 'totals-changed';
                notice.className = 'alert alert-warning small mt-2 mb-2';
                notice.setAttribute('role', 'alert');
                notice.tabIndex = -1;
                notice.dataset.testid = 'totals-changed';
                if (submitter) submitter.before(notice);
                else document.getElementById('checkout-totals')?.after(notice);
            }
            notice.textContent = `The total for this address and delivery is now ${total}. Nothing was ordered: check it, then place the order.`;
            notice.focus();
        });
    });
})();

// "Use another saved address" fills the address in place: its link loaded checkout again from that address, and the
// delivery, the way to pay and the card typed since were lost (left as found in session 48). Without script the link
// still does that. The country and state announce their change, so the region list and the totals follow.
(() => {
    const links = document.querySelectorAll('a[data-saved-address]');
    for (const link of links) {
        link.addEventListener('click', (e) => {
            const address = JSON.parse(link.dataset.savedAddress);
            const field = (name) => document.getElementById(`Input_${name}`);
            if (!field('Country') || !field('Region')) return;
            e.preventDefault();
            for (const name of ['FullName', 'AddressLine1', 'AddressLine2', 'City', 'PostalCode', 'Phone']) {
                if (field(name)) field(name).value = address[name] ?? '';
            }
            field('Country').value = address.Country;
            field('Country').dispatchEvent(new Event('change'));
            field('Region').value = address.Region ?? '';
            field('Region').dispatchEvent(new Event('change'));
            const list = link.closest('details');
            if (list) {
                list.open = false;
                list.querySelector('summary')?.focus();
            }
            announce(`Address filled in: ${link.textContent}.`);
        });
    }
})();
