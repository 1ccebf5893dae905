// Browser-side alerts for people who keep Consult open in a tab: a short tone and, once the user
// allows it, a desktop notification (Notification API). Blazor calls these through IJSRuntime.
window.consultAlerts = (() => {
    let audio = null;
    const state = { sounds: 0, shown: 0 };

    function permission() {
        return "Notification" in window ? Notification.permission : "unsupported";
    }

    // Called from a click, so the browser lets the page ask and lets it play sound later.
    async function enable() {
        try {
            audio = audio || new (window.AudioContext || window.webkitAudioContext)();
            await audio.resume();
        } catch { /* no audio on this device: the notification alone will do */ }
        if (!("Notification" in window)) return "unsupported";
        return Notification.permission === "default" ? await Notification.requestPermission() : Notification.permission;
    }

    function tone() {
        try {
            audio = audio || new (window.AudioContext || window.webkitAudioContext)();
            const oscillator = audio.createOscillator();
            const gain = audio.createGain();
            oscillator.frequency.value = 880;
            gain.gain.setValueAtTime(0.2, audio.currentTime);
            gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.35);
            oscillator.connect(gain).connect(audio.destination);
            oscillator.start();
            oscillator.stop(audio.currentTime + 0.35);
            state.sounds++;
        } catch { /* audio blocked until the user interacts: stay silent */ }
    }

    function notify(title, body, url, tag) {
        tone();
        if (permission() !== "granted") return false;
        const note = new Notification(title, { body, tag, renotify: true });
        note.onclick = () => { window.focus(); if (url) window.location.href = url; note.close(); };
        state.shown++;
        return true;
    }

    return { permission, enable, notify, state };
})();
