"""Redis operations per step of a consultation, and Redis memory per case, in Cluster mode.

Counts, not timings: it reads `INFO commandstats` of the cluster's redis-server before and after
each step, done N times through the REST API, spread over the three nodes of
deploy/local-cluster.sh, and subtracts what the idle cluster does in the same time (membership,
reminder scans). Used for docs/capacity.md.

    CONSULT_CLUSTER_DIR=/tmp/lc REDIS_PORT=6390 HTTP_PORT_BASE=5180 SILO_PORT_BASE=11300 \
        GATEWAY_PORT_BASE=30300 deploy/local-cluster.sh start
    python3 tests/Consult.Load/scripts/redis-ops.py 60      # N cases, each with a room of 3 departments
    CONSULT_CLUSTER_DIR=/tmp/lc REDIS_PORT=6390 HTTP_PORT_BASE=5180 deploy/local-cluster.sh stop

Steps are paced (0.15 s apart) to stay under the per-user rate limits.
"""
import json
import re
import subprocess
import sys
import time
import urllib.request

NODES = ["http://127.0.0.1:5181", "http://127.0.0.1:5182", "http://127.0.0.1:5183"]
PORT = "6390"
DEPARTMENTS = ["road-admin", "traffic-police", "housing"]


def call(i, method, path, token=None, body=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(NODES[i % 3] + "/api/v1" + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"null")


def redis_info(section):
    return subprocess.run(["redis-cli", "-p", PORT, "info", section], capture_output=True, text=True).stdout


def commands():
    counts = {}
    for line in redis_info("commandstats").splitlines():
        if line.startswith("cmdstat_"):
            name, rest = line.split(":", 1)
            counts[name[8:]] = int(rest.split(",")[0].split("=")[1])
    return counts


def memory():
    return int(re.search(r"used_memory:(\d+)", redis_info("memory")).group(1))


def delta(before, after):
    return {k: after.get(k, 0) - before.get(k, 0) for k in after if after.get(k, 0) > before.get(k, 0)}


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    tokens = {u: call(0, "POST", "/auth/token", body={"userName": u, "password": "consult-demo"})["accessToken"]
              for u in ["window"] + DEPARTMENTS}
    memory_before = memory()
    before, started = commands(), time.time()
    time.sleep(30)
    idle = delta(before, commands())
    idle_rate = sum(idle.values()) / (time.time() - started)
    print(f"idle: {idle_rate:.1f} ops/s {idle}")

    def step(name, count, action):
        before, started = commands(), time.time()
        for i in range(count):
            action(i)
            time.sleep(0.15)
        raw = delta(before, commands())
        spent = time.time() - started
        net = sum(raw.values()) - idle_rate * spent
        print(f"{name}: {count} in {spent:.1f} s; {sum(raw.values()) / count:.1f} Redis ops each raw, "
              f"{net / count:.1f} with the idle rate subtracted; {dict(sorted(raw.items(), key=lambda x: -x[1]))}")

    cases, rooms = [], []
    step("register case", n, lambda i: cases.append(call(i, "POST", "/cases", tokens["window"], {
        "matterCode": "highway-occupation", "applicant": {"name": "测试", "phone": "13900002222"}, "summary": "容量测量"})["caseId"]))
    step("open room (3 departments)", n, lambda i: rooms.append(call(
        i + 1, "POST", f"/cases/{cases[i]}/consultations", tokens["window"], {"departments": DEPARTMENTS})["roomId"]))

    def decide(i):
        room, department = rooms[i // 3], DEPARTMENTS[i % 3]
        call(i + 2, "POST", f"/consultations/{room}/decisions", tokens[department],
             {"department": department, "outcome": "approve", "idempotencyKey": f"{department}-{room}"})

    step("decision", 3 * n, decide)
    step("message", n, lambda i: call(i, "POST", f"/consultations/{rooms[i]}/messages", tokens[DEPARTMENTS[i % 3]],
                                      {"text": "测量", "clientMessageId": f"m-{rooms[i]}"}))
    step("close", n, lambda i: call(i + 1, "POST", f"/consultations/{rooms[i]}/close", tokens["window"], {"statement": "同意"}))
    step("read case view", n, lambda i: call(i + 2, "GET", f"/cases/{cases[i]}", tokens["window"]))
    print(f"redis used_memory per case with its closed room (3 decisions, 1 message): {(memory() - memory_before) / n / 1024:.1f} KB")


if __name__ == "__main__":
    main()
