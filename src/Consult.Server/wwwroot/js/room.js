// The room page's eyes in the browser: whether the screen is narrow (a phone) and whether the
// discussion's message list is on screen, each told to the Blazor component when it changes.
window.consultRoom = (() => {
    const narrowQuery = "(max-width: 600px)";
    const watches = new Map();
    // A message typed but not sent, by page (room): the board draws its discussion anew when its
    // layout changes (a phone turned), and the new line to write takes the text over. Kept here in
    // the browser: the text reaches the server only when it is sent.
    const unsent = new Map();
    let next = 0;

    // Calls back now and on each change; the id given back ends it (unwatch).
    function watchNarrow(component) {
        const query = window.matchMedia(narrowQuery);
        const report = () => component.invokeMethodAsync("NarrowChanged", query.matches);
        query.addEventListener("change", report);
        report();
        const id = ++next;
        watches.set(id, () => query.removeEventListener("change", report));
        return id;
    }

    // "On screen": a quarter of the list inside the viewport (a hidden or collapsed list never is).
    // New messages keep a list that was scrolled to its end at its end.
    function watchList(list, component) {
        let visible = null;
        const observer = new IntersectionObserver(entries => {
            const now = entries[entries.length - 1].isIntersecting;
            if (now !== visible) {
                visible = now;
                component.invokeMethodAsync("ListVisibleChanged", now);
            }
        }, { threshold: 0.25 });
        observer.observe(list);
        let atEnd = true;
        const onScroll = () => { atEnd = list.scrollHeight - list.scrollTop - list.clientHeight < 24; };
        list.addEventListener("scroll", onScroll);
        const mutations = new MutationObserver(() => { if (atEnd) list.scrollTop = list.scrollHeight; });
        mutations.observe(list, { childList: true });
        list.scrollTop = list.scrollHeight;
        const stopCarrying = carryUnsent(list.closest(".discussion")?.querySelector("form"));
        const id = ++next;
        watches.set(id, () => { observer.disconnect(); mutations.disconnect(); list.removeEventListener("scroll", onScroll); stopCarrying(); });
        return id;
    }

    // Remembers what is typed in the discussion's line, forgets it once sent, and puts it back into
    // a line drawn anew (with a change event, so that the component has it too).
    function carryUnsent(form) {
        const input = form?.querySelector("input");
        if (!input)
            return () => { };
        const key = location.pathname;
        const saved = unsent.get(key);
        if (saved && !input.value) {
            input.value = saved;
            input.dispatchEvent(new Event("change", { bubbles: true }));
        }
        const onInput = () => { if (input.value) unsent.set(key, input.value); else unsent.delete(key); };
        const onSubmit = () => unsent.delete(key);
        input.addEventListener("input", onInput);
        form.addEventListener("submit", onSubmit);
        return () => { input.removeEventListener("input", onInput); form.removeEventListener("submit", onSubmit); };
    }

    function scrollToEnd(list) {
        list.scrollTop = list.scrollHeight;
        list.scrollIntoView({ block: "nearest" });
    }

    function unwatch(id) {
        const stop = watches.get(id);
        if (stop) { stop(); watches.delete(id); }
    }

    return { watchNarrow, watchList, scrollToEnd, unwatch };
})();
