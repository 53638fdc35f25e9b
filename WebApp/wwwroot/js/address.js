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
