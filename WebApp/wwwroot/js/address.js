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
// answer replaces the totals, each option's order total and the figures the order agrees to. "Place order" pressed
// while that is on its way waits for it. The server still refuses a total it did not show, so without this script the
// shopper is shown the tax before anything is charged.
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
        for (const name of ['Input.QuotedSubtotalCents', 'Input.QuotedTaxCents']) {
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
    const changed = () => {
        const run = (pending ?? Promise.resolve()).then(refresh).catch(() => { /* the server still checks */ });
        pending = run;
        run.then(() => { if (pending === run) pending = null; });
    };
    for (const field of form.querySelectorAll('#Input_Country, #Input_Region, input[name="Input.ShippingMethod"]')) {
        field.addEventListener('change', changed);
    }
    form.addEventListener('submit', (e) => {
        if (!pending || e.submitter === button) return;
        e.preventDefault();
        const submitter = e.submitter;
        pending.then(() => form.requestSubmit(submitter));
    });
})();
