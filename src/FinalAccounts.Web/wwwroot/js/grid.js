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
