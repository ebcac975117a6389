// Keyboard navigation and block paste for the entry grid. Inputs carry data-r / data-c: their position among the
// editable cells (row index in the printed layout, column index in the row), so arrows move like a spreadsheet.
export function attach(table, dotnet) {
    if (table.dataset.ready === '1') return; // one set of listeners per table element
    table.dataset.ready = '1'; // tests and scripts can wait for the interactive grid
    const at = (r, c) => table.querySelector(`input[data-r="${r}"][data-c="${c}"]`);
    const move = (input, dr, dc) => {
        let r = Number(input.dataset.r), c = Number(input.dataset.c);
        for (let i = 0; i < 400; i++) {
            r += dr; c += dc;
            const next = at(r, c);
            if (next) { next.focus(); next.select(); return true; }
            if (r < 0 || c < 0) return false;
        }
        return false;
    };
    table.addEventListener('keydown', e => {
        const input = e.target;
        if (input.tagName !== 'INPUT' || input.dataset.r === undefined) return;
        const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
        const atEnd = input.selectionStart === input.value.length;
        if (e.key === 'ArrowDown' || (e.key === 'Enter' && !e.shiftKey)) { if (move(input, 1, 0)) e.preventDefault(); }
        else if (e.key === 'ArrowUp' || (e.key === 'Enter' && e.shiftKey)) { if (move(input, -1, 0)) e.preventDefault(); }
        else if (e.key === 'ArrowRight' && atEnd) { if (move(input, 0, 1)) e.preventDefault(); }
        else if (e.key === 'ArrowLeft' && atStart) { if (move(input, 0, -1)) e.preventDefault(); }
    });
    table.addEventListener('paste', e => {
        const input = e.target;
        if (input.tagName !== 'INPUT' || input.dataset.r === undefined) return;
        const text = (e.clipboardData || window.clipboardData).getData('text');
        if (!text.includes('\t') && !text.includes('\n')) return; // one value: let the input take it
        e.preventDefault();
        const rows = text.replace(/\r/g, '').replace(/\n$/, '').split('\n').map(line => line.split('\t'));
        dotnet.invokeMethodAsync('PasteBlock', Number(input.dataset.r), Number(input.dataset.c), rows);
    });
}

export function focusCell(id) {
    const input = document.getElementById(id);
    if (input) { input.focus(); if (input.select) input.select(); input.scrollIntoView({ block: 'center' }); }
}

// Leaving with unsaved cells. While the page says cells are unsaved (setUnsaved), a click on a link out of the report's
// tables (prefix) is stopped before Blazor's enhanced navigation sees it and handed to the page, which asks in a
// dialog; closing or reloading the tab gets the browser's own prompt. One guard per window.
let guarded = null;

export function guard(dotnet, prefix) {
    unguard();
    const state = { dotnet, prefix, unsaved: 0, edited: false };
    // A value typed and not yet counted by the server (the click on a link is what ends the typing) counts too.
    state.change = e => {
        if (e.target instanceof Element && e.target.closest('table.entry')) state.edited = true;
    };
    const pending = () => state.unsaved > 0 || state.edited;
    state.click = e => {
        if (!pending() || e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
        const link = e.target instanceof Element ? e.target.closest('a[href]') : null;
        if (!link || (link.target && link.target !== '_self') || link.hasAttribute('download')) return;
        const url = new URL(link.href, location.href);
        if (url.origin !== location.origin) return; // another site: beforeunload asks
        if (url.pathname.startsWith(state.prefix) || (url.pathname === location.pathname && url.hash)) return;
        e.preventDefault();
        e.stopImmediatePropagation();
        const target = url.pathname + url.search + url.hash;
        // A lost circuit cannot ask (and its drafts are gone anyway): then just go.
        dotnet.invokeMethodAsync('LeaveRequested', target).catch(() => { state.unsaved = 0; state.edited = false; location.href = url.href; });
    };
    state.unload = e => {
        if (pending()) { e.preventDefault(); e.returnValue = ''; }
    };
    document.addEventListener('change', state.change, true);
    window.addEventListener('click', state.click, true);
    window.addEventListener('beforeunload', state.unload);
    guarded = state;
}

export function setUnsaved(count) {
    if (guarded) { guarded.unsaved = count; guarded.edited = false; }
    document.documentElement.dataset.unsaved = String(count); // for tests and styles
}

export function unguard() {
    if (!guarded) return;
    document.removeEventListener('change', guarded.change, true);
    window.removeEventListener('click', guarded.click, true);
    window.removeEventListener('beforeunload', guarded.unload);
    guarded = null;
    delete document.documentElement.dataset.unsaved;
}

// Focuses an element as soon as it exists and can take the focus (a dialog rendered later and faded in); gives up
// after two seconds.
export function focusWhenReady(id) {
    const started = Date.now();
    const attempt = () => {
        const element = document.getElementById(id);
        if (element) element.focus();
        if ((!element || document.activeElement !== element) && Date.now() - started < 2000) setTimeout(attempt, 30);
    };
    attempt();
    // MudBlazor's dialog then focuses a container of its own (for Escape): for a moment, focus that lands on anything
    // but a control goes back to the button.
    const back = e => {
        const element = document.getElementById(id);
        const control = e.target instanceof Element && e.target.matches('button, input, textarea, select, a[href]');
        if (element && e.target !== element && !control) setTimeout(() => element.focus(), 0);
    };
    document.addEventListener('focusin', back, true);
    setTimeout(() => document.removeEventListener('focusin', back, true), 1500);
}
