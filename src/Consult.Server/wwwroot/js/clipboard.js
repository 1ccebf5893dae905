// Copies text for Blazor (IJSRuntime): the Clipboard API where the page may use it, else the
// older selection-and-copy way (plain http on a LAN address is no secure context). True when copied.
window.consultClipboard = {
    async copy(text) {
        try {
            if (navigator.clipboard && window.isSecureContext) {
                await navigator.clipboard.writeText(text);
                return true;
            }
        } catch { /* refused: try the old way */ }
        const area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.appendChild(area);
        area.select();
        try {
            return document.execCommand("copy");
        } finally {
            area.remove();
        }
    }
};
