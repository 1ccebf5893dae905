// The room's call in the browser: one RTCPeerConnection per other member (a mesh), negotiated
// with the "perfect negotiation" pattern (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example):
// both sides may offer at any time; on a collision the polite side rolls back and answers, the
// impolite side ignores the other's offer. Signals go through the board's circuit to the room,
// which hands them to the addressee's node; media goes browser to browser and is never recorded.

const calls = new Set();

// Starts this page's part of a call: camera and microphone (as far as the browser allows), then
// a peer for every member already in it. `dotnet` receives SendSignal(to, kind, json) and MediaState(...).
export async function start(dotnet, tiles, options) {
    const call = new Call(dotnet, tiles, options);
    await call.openMedia();
    call.members(options.members);
    calls.add(call);
    return call;
}

// For diagnostics and the browser tests: frames decoded so far from each member, per active call.
export async function inboundVideo() {
    const result = {};
    for (const call of calls)
        Object.assign(result, await call.inboundVideo());
    return result;
}
globalThis.consultCallStats = inboundVideo;

// For diagnostics: each peer's negotiation and connection state.
export function states() {
    const result = {};
    for (const call of calls)
        for (const [id, peer] of call.peers)
            result[id] = `${peer.pc.signalingState}/${peer.pc.iceConnectionState}/${peer.pc.connectionState}`
                + ` candidates out ${peer.out}/${peer.gathered}, in ${peer.in}/${peer.heard}`;
    return result;
}
globalThis.consultCallStates = states;

// For the browser tests: whether each track this page sends is enabled, per member and kind.
export function outbound() {
    const result = {};
    for (const call of calls)
        for (const [id, peer] of call.peers)
            result[id] = peer.pc.getSenders().filter(s => s.track).map(s => ({ kind: s.track.kind, enabled: s.track.enabled, label: s.track.label, width: s.track.getSettings().width ?? 0, height: s.track.getSettings().height ?? 0 }));
    return result;
}
globalThis.consultCallOutbound = outbound;

// For the browser tests: the size of the video decoded from each member (a shared screen is not the camera's size).
export async function inboundSize() {
    const result = {};
    for (const call of calls)
        for (const [id, peer] of call.peers)
            (await peer.pc.getStats()).forEach(r => {
                if (r.type === "inbound-rtp" && r.kind === "video" && r.frameWidth)
                    result[id] = { width: r.frameWidth, height: r.frameHeight, frames: r.framesDecoded ?? 0 };
            });
    return result;
}
globalThis.consultCallInboundSize = inboundSize;

// Opens a material of the case in a window of its own beside this one (the same window for every
// material, so the call's tab stays where it is); false when the browser blocked it.
export function openBeside(url) {
    const width = Math.max(480, Math.round(screen.availWidth / 2));
    const left = Math.max(0, screen.availWidth - width);
    const opened = window.open(url, "consult-material", `popup,width=${width},height=${screen.availHeight},left=${left},top=0`);
    opened?.focus();
    return !!opened;
}

class Call {
    constructor(dotnet, tiles, options) {
        this.dotnet = dotnet;
        this.tiles = tiles;
        this.selfId = options.selfId;
        this.iceServers = options.iceServers ?? [];
        this.loopbackOnly = !!options.loopbackOnly;
        this.names = new Map();
        this.peers = new Map();
        this.local = null;
        this.screen = null;
        this.sending = Promise.resolve();
    }

    async openMedia() {
        const tries = [{ audio: true, video: { width: 640, height: 360 } }, { audio: true }];
        for (const constraints of tries) {
            try {
                this.local = await navigator.mediaDevices.getUserMedia(constraints);
                break;
            } catch (e) {
                console.warn("call: no media for", constraints, e);
            }
        }
        const mine = this.tile(this.selfId, this.names.get(this.selfId));
        mine.classList.add("self");
        if (this.local) {
            mine.querySelector("video").srcObject = this.local;
            mine.querySelector("video").muted = true;
        }
        this.reportMedia();
    }

    // The call's members now: peers for newcomers, closed peers for those who left.
    members(members) {
        const ids = new Set(members.map(m => m.connectionId));
        for (const member of members) {
            this.names.set(member.connectionId, member.label);
            const tile = this.tile(member.connectionId, member.label);
            tile.querySelector(".call-name").textContent = member.label;
            tile.dataset.muted = member.muted ? "true" : "false";
            tile.dataset.sharing = member.sharing ? "true" : "false";
            if (member.connectionId !== this.selfId)
                this.peer(member.connectionId);
        }
        for (const [id, peer] of this.peers) {
            if (!ids.has(id)) {
                clearInterval(peer.retry);
                peer.pc.close();
                this.peers.delete(id);
                this.tiles.querySelector(`[data-peer="${id}"]`)?.remove();
            }
        }
    }

    // A signal from another member, handled in the order it came.
    signal(from, kind, json) {
        const peer = this.peer(from);
        peer.queue = peer.queue.then(() => this.receive(peer, kind, JSON.parse(json))).catch(e => console.warn("call: signal", kind, e));
    }

    async receive(peer, kind, data) {
        const pc = peer.pc;
        if (kind === "candidate") {
            peer.heard++;
            if (!this.allowed(data.candidate))
                return;
            peer.in++;
            if (!pc.remoteDescription) {
                peer.pending.push(data);
                return;
            }
            try {
                await pc.addIceCandidate(data);
            } catch (e) {
                if (!peer.ignoreOffer)
                    throw e;
            }
            return;
        }
        const collision = kind === "offer" && (peer.makingOffer || pc.signalingState !== "stable");
        peer.ignoreOffer = !peer.polite && collision;
        if (peer.ignoreOffer)
            return;
        await pc.setRemoteDescription(data);
        for (const candidate of peer.pending.splice(0))
            await pc.addIceCandidate(candidate).catch(e => console.warn("call: early candidate", e));
        if (kind === "offer") {
            await pc.setLocalDescription();
            this.send(peer.id, "answer", pc.localDescription);
        }
    }

    peer(id) {
        let peer = this.peers.get(id);
        if (peer)
            return peer;
        const pc = new RTCPeerConnection({ iceServers: this.iceServers });
        // The lower id is polite: the two sides of a pair agree without asking anyone.
        peer = { id, pc, polite: this.selfId < id, makingOffer: false, ignoreOffer: false, pending: [], queue: Promise.resolve(), out: 0, gathered: 0, in: 0, heard: 0 };
        this.peers.set(id, peer);
        this.tile(id, this.names.get(id));
        if (this.local) {
            // While this page shares its screen, a newcomer gets the screen in place of the camera.
            for (const track of this.local.getTracks())
                pc.addTrack(track.kind === "video" && this.screen ? this.screen : track, this.local);
            if (this.screen && this.local.getVideoTracks().length === 0)
                pc.addTrack(this.screen, this.local);
        } else if (this.screen) {
            pc.addTransceiver("audio", { direction: "recvonly" });
            pc.addTransceiver(this.screen, { direction: "sendrecv" });
        } else {
            // Nothing to send: still receive what the others send.
            pc.addTransceiver("audio", { direction: "recvonly" });
            pc.addTransceiver("video", { direction: "recvonly" });
        }
        const offer = async () => {
            try {
                peer.makingOffer = true;
                await pc.setLocalDescription();
                this.send(id, pc.localDescription.type, pc.localDescription);
            } catch (e) {
                console.warn("call: offer", e);
            } finally {
                peer.makingOffer = false;
            }
        };
        // The first offer of a pair comes from its impolite side only: a collision at the very
        // start made Chromium roll back the polite side's offer and then, now and then, never
        // gather candidates for its answer. Later renegotiations may come from either side.
        const first = () => !peer.polite || pc.remoteDescription ? offer() : undefined;
        pc.onnegotiationneeded = first;
        // A pair that has not even begun to connect after a while offers again: a signal can be
        // refused on the way (a member that had just left, a rate limit), and either side may offer.
        // An offer left unanswered (it reached the other side before that side listened, or the
        // other side was making its own and, being polite, would have answered ours) is sent again:
        // otherwise this side waits for an answer forever while ignoring the other's offers.
        peer.retry = setInterval(() => {
            if (pc.connectionState === "closed")
                clearInterval(peer.retry);
            else if (pc.signalingState === "stable" && pc.iceConnectionState === "new" && !peer.makingOffer)
                // Negotiated but this side never gathered a candidate (seen after a collision's
                // rollback): an ICE restart gathers and sends them. Not negotiated yet: offer.
                pc.remoteDescription && peer.gathered === 0 ? pc.restartIce() : first();
            else if (pc.signalingState === "have-local-offer" && pc.iceConnectionState === "new" && !peer.makingOffer && pc.localDescription)
                this.send(id, "offer", pc.localDescription);
        }, 3000);
        // Counted for diagnostics (states()): gathered and sent out, heard and let in.
        pc.onicecandidate = ({ candidate }) => {
            peer.gathered += candidate ? 1 : 0;
            if (candidate && this.allowed(candidate.candidate)) {
                peer.out++;
                this.send(id, "candidate", candidate.toJSON());
            }
        };
        pc.ontrack = ({ track, streams }) => {
            const video = this.tile(id, this.names.get(id)).querySelector("video");
            // A track sent without a stream (a screen shared by a member with no camera) joins the tile's own.
            const stream = streams[0] ?? (video.srcObject instanceof MediaStream ? video.srcObject : new MediaStream());
            if (!streams[0] && !stream.getTracks().includes(track))
                stream.addTrack(track);
            if (video.srcObject !== stream)
                video.srcObject = stream;
        };
        pc.onconnectionstatechange = () => {
            this.tile(id, this.names.get(id)).dataset.state = pc.connectionState;
            if (pc.connectionState === "failed")
                pc.restartIce();
        };
        return peer;
    }

    // Signals leave one at a time, in order: an answer never overtakes its offer.
    send(to, kind, data) {
        const json = JSON.stringify(data);
        this.sending = this.sending
            .then(() => this.dotnet.invokeMethodAsync("SendSignal", to, kind, json))
            .catch(e => console.warn("call: send", kind, e));
    }

    // Tests keep media on the loopback interface: every other address is dropped, both ways.
    allowed(candidate) {
        if (!this.loopbackOnly || !candidate)
            return true;
        return candidate.split(" ")[4] === "127.0.0.1";
    }

    tile(id, label) {
        let tile = this.tiles.querySelector(`[data-peer="${id}"]`);
        if (!tile) {
            tile = document.createElement("div");
            tile.className = "call-tile";
            tile.dataset.peer = id;
            tile.dataset.testid = "call-tile";
            const video = document.createElement("video");
            video.autoplay = true;
            video.playsInline = true;
            const name = document.createElement("span");
            name.className = "call-name";
            name.textContent = label ?? "";
            tile.append(video, name);
            if (id === this.selfId)
                this.tiles.prepend(tile);
            else
                this.tiles.append(tile);
        }
        return tile;
    }

    setMicrophone(on) {
        for (const track of this.local?.getAudioTracks() ?? [])
            track.enabled = on;
        this.reportMedia();
    }

    setCamera(on) {
        for (const track of this.local?.getVideoTracks() ?? [])
            track.enabled = on;
        this.tiles.querySelector(`[data-peer="${this.selfId}"]`)?.classList.toggle("camera-off", !on);
        this.reportMedia();
    }

    reportMedia() {
        const audio = this.local?.getAudioTracks() ?? [];
        const video = this.local?.getVideoTracks() ?? [];
        const canShare = typeof navigator.mediaDevices?.getDisplayMedia === "function";
        this.dotnet.invokeMethodAsync("MediaState", audio.length > 0, audio.some(t => t.enabled), video.length > 0, video.some(t => t.enabled), canShare, !!this.screen)
            .catch(e => console.warn("call: media state", e));
    }

    // Shares a screen or a window (the browser asks which) in place of the camera, to every peer:
    // the sender's track is replaced, so nothing is renegotiated where a video sender exists.
    async shareScreen() {
        if (this.screen)
            return;
        let stream;
        try {
            stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
        } catch (e) {
            console.warn("call: no screen to share", e);
            this.reportMedia();
            return;
        }
        const track = stream.getVideoTracks()[0];
        // Drawings: keep every detail sharp and give up frame rate instead when the line is thin.
        track.contentHint = "detail";
        this.screen = track;
        // The browser's own "stop sharing" bar ends the track: back to the camera.
        track.addEventListener("ended", () => this.stopSharing());
        await this.sendVideo(track);
        const mine = this.tiles.querySelector(`[data-peer="${this.selfId}"]`);
        if (mine) {
            mine.classList.add("sharing");
            mine.querySelector("video").srcObject = new MediaStream([track]);
        }
        this.reportMedia();
    }

    async stopSharing() {
        const track = this.screen;
        if (!track)
            return;
        this.screen = null;
        track.stop();
        await this.sendVideo(this.local?.getVideoTracks()[0] ?? null);
        const mine = this.tiles.querySelector(`[data-peer="${this.selfId}"]`);
        if (mine) {
            mine.classList.remove("sharing");
            mine.querySelector("video").srcObject = this.local;
        }
        this.reportMedia();
    }

    // Puts `track` (or nothing) on the video sender of every peer; a peer that only received video
    // (no camera here) starts sending on that transceiver, which renegotiates.
    async sendVideo(track) {
        for (const peer of this.peers.values()) {
            const transceiver = peer.pc.getTransceivers().find(t => (t.sender.track ?? t.receiver.track)?.kind === "video");
            if (!transceiver)
                continue;
            try {
                await transceiver.sender.replaceTrack(track);
                if (track && transceiver.direction === "recvonly")
                    transceiver.direction = "sendrecv";
            } catch (e) {
                console.warn("call: video track", e);
            }
        }
    }

    async inboundVideo() {
        const result = {};
        for (const [id, peer] of this.peers) {
            const stats = await peer.pc.getStats();
            stats.forEach(report => {
                if (report.type === "inbound-rtp" && report.kind === "video")
                    result[id] = (result[id] ?? 0) + (report.framesDecoded ?? 0);
            });
        }
        return result;
    }

    stop() {
        calls.delete(this);
        this.screen?.stop();
        this.screen = null;
        for (const peer of this.peers.values()) {
            clearInterval(peer.retry);
            peer.pc.close();
        }
        this.peers.clear();
        for (const track of this.local?.getTracks() ?? [])
            track.stop();
        this.local = null;
        this.tiles.replaceChildren();
    }
}
