// The menu drawer of the layout (MainLayout.razor, app.css): open on a desk and closed on a phone
// until the menu button toggles "menu-toggled" on the body. A tap on the scrim, or on a link while
// the screen is phone-wide, closes it again. Nothing here asks the server: the drawer costs the
// circuit no component and no JS interop.
(() => {
    const phone = window.matchMedia("(max-width: 959px)");
    document.addEventListener("click", e => {
        const target = e.target instanceof Element ? e.target : null;
        if (!target) return;
        if (target.closest("[data-menu-toggle]")) {
            document.body.classList.toggle("menu-toggled");
        } else if (target.closest(".menu-scrim") || (phone.matches && target.closest(".menu-drawer a"))) {
            document.body.classList.remove("menu-toggled");
        }
    });
})();
