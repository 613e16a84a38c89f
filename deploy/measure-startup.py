#!/usr/bin/env python3
"""Start the published worker repeatedly and measure what a publish setting changes.

For each variant: time from process start until GET /healthz answers 200, and resident memory (VmRSS) a few seconds
after that. The AWS stand-ins are deliberately unreachable (connection refused on 127.0.0.1:9): the worker's start
does not wait for them, and every client is still built and used (its retries log warnings). Runs alternate between
variants so that load from other processes on a shared machine spreads over all of them; the median is reported.

usage: deploy/measure-startup.py RUNS NAME=DIR[,ENV=VALUE...] ...
  e.g. deploy/measure-startup.py 5 fdd=/tmp/m/fdd r2r=/tmp/m/r2r r2r-nopgo=/tmp/m/r2r,DOTNET_TieredPGO=0
"""
import os, socket, statistics, subprocess, sys, time, urllib.request

SETTLE_SECONDS = 5.0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def run_once(directory, extra_env):
    port = free_port()
    env = dict(os.environ)
    env.update({
        "MEDIALIVE_CHANNEL_ID": "3714710", "AWS_REGION": "us-west-2", "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
        "AWS_ACCESS_KEY_ID": "dummy", "AWS_SECRET_ACCESS_KEY": "dummy", "HEALTH_PORT": str(port),
        "LUNORA_LOG_FORMAT": "json", "DOTNET_gcServer": "0",
    })
    env.update(extra_env)
    start = time.monotonic()
    proc = subprocess.Popen(["dotnet", os.path.join(directory, "Lunora.Worker.dll")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = start + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"worker exited with {proc.returncode} before /healthz answered")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("/healthz did not answer within 60 s")
            time.sleep(0.005)
        ready = time.monotonic() - start
        time.sleep(SETTLE_SECONDS)
        return ready, rss_kib(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main():
    runs = int(sys.argv[1])
    variants = []
    for arg in sys.argv[2:]:
        name, spec = arg.split("=", 1)
        parts = spec.split(",")
        variants.append((name, parts[0], dict(p.split("=", 1) for p in parts[1:])))
    results = {name: [] for name, _, _ in variants}
    run_once(variants[0][1], variants[0][2])  # warm the file cache once, not counted
    for _ in range(runs):
        for name, directory, extra in variants:
            results[name].append(run_once(directory, extra))
    print(f"| variant | /healthz after (median of {runs}, min-max) | RSS {SETTLE_SECONDS:.0f} s later (median, min-max) |")
    print("| --- | --- | --- |")
    for name, _, _ in variants:
        t = [r[0] * 1000 for r in results[name]]
        m = [r[1] / 1024 for r in results[name]]
        print(f"| {name} | {statistics.median(t):.0f} ms ({min(t):.0f}-{max(t):.0f}) | "
              f"{statistics.median(m):.1f} MiB ({min(m):.1f}-{max(m):.1f}) |")


if __name__ == "__main__":
    main()
