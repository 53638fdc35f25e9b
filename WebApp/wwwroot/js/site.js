// Progressive enhancement only: every control works without this file.
document.documentElement.classList.add('js');

// Sort menus submit on change; without JavaScript their "Apply" button does it.
document.querySelectorAll('select[data-autosubmit]').forEach(select => {
  select.addEventListener('change', () => select.form.submit());
});
