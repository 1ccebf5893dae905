// Times that run on the page (Ui/Ticking.cs): every second, each [data-tick-to] shows the time left
// until its target and each [data-tick-from] the time since its start, as "h:mm:ss" ("-" once past),
// counted from the server's clock when it rendered the element (data-now) plus the time since the
// browser saw that render, so a browser whose clock is off still shows the server's time. The text
// node Blazor wrote is changed in place (never replaced), so the server's next render still finds
// it. A countdown past its target marks its .countdown "late".
(() => {
    const seen = new WeakMap();

    function serverNow(el) {
        const now = el.getAttribute("data-now");
        let base = seen.get(el);
        if (!base || base.now !== now) {
            base = { now, server: Date.parse(now), local: Date.now() };
            seen.set(el, base);
        }
        return base.server + (Date.now() - base.local);
    }

    function format(ms) {
        const sign = ms < 0 ? "-" : "";
        const total = Math.floor(Math.abs(ms) / 1000);
        const h = Math.floor(total / 3600), m = Math.floor(total / 60) % 60, s = total % 60;
        return `${sign}${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
    }

    function show(el, ms) {
        const text = format(ms);
        const node = el.firstChild;
        if (node && node.nodeType === Node.TEXT_NODE) {
            if (node.nodeValue !== text) node.nodeValue = text;
        } else {
            el.appendChild(document.createTextNode(text));
        }
    }

    function tick() {
        for (const el of document.querySelectorAll("[data-tick-to]")) {
            const left = Date.parse(el.getAttribute("data-tick-to")) - serverNow(el);
            show(el, left);
            el.closest(".countdown")?.classList.toggle("late", left < 0);
        }
        for (const el of document.querySelectorAll("[data-tick-from]")) {
            show(el, serverNow(el) - Date.parse(el.getAttribute("data-tick-from")));
        }
    }

    setInterval(tick, 1000);
})();
