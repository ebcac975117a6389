// 定位: selects a finding's sentence in its section's textarea (the character range the N rule reported) and scrolls
// the selection into view (blur + focus makes the browser bring the caret into view).
export function selectRange(id, start, length) {
    const area = document.getElementById(id);
    if (!area) return;
    area.scrollIntoView({ block: 'center' });
    area.focus();
    area.setSelectionRange(start, start + length);
    area.blur();
    area.focus();
    area.setSelectionRange(start, start + length);
}
