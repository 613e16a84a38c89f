#!/usr/bin/env python3
"""Measure the CPU cost of container health check commands against a running worker.

Starts the published worker once (AWS stand-ins deliberately unreachable, as deploy/measure-startup.py does), waits
until /healthz answers, then runs each check command RUNS times, alternating between commands so that load from other
processes spreads over all of them. For each command: user+system CPU seconds of the check process and its children
(from wait4's rusage, so only the check itself is counted), the wall time, and the exit code. The share of a Fargate
task's CPU is cpu / (interval * vCPU). Run it pinned to one core (taskset -c 1): a 0.25 vCPU task has one CPU.

usage: deploy/measure-healthcheck.py RUNS WORKER_DIR NAME=COMMAND[;ENV=VALUE...] ...
  COMMAND is split on spaces; {dll} is WORKER_DIR/Lunora.Worker.dll.
  e.g. deploy/measure-healthcheck.py 20 /tmp/pub 'verb=dotnet {dll} healthcheck' 'verb-nopgo=dotnet {dll} healthcheck;DOTNET_TieredPGO=0'
"""
import os, socket, statistics, subprocess, sys, time, urllib.request

INTERVALS = (15, 30)
VCPU = 0.25


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_worker(directory, port):
    env = dict(os.environ)
    env.update({
        "MEDIALIVE_CHANNEL_ID": "3714710", "AWS_REGION": "us-west-2", "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
        "AWS_ACCESS_KEY_ID": "dummy", "AWS_SECRET_ACCESS_KEY": "dummy", "HEALTH_PORT": str(port),
        "LUNORA_LOG_FORMAT": "json", "DOTNET_gcServer": "0", "LUNORA_PREFLIGHT": "off",
        "PARAMETER_STORE_PREFIX": "/lunora/stream-keys", "COMMANDS_QUEUE_URL": "http://127.0.0.1:9/q/commands",
    })
    proc = subprocess.Popen(["dotnet", os.path.join(directory, "Lunora.Worker.dll")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"worker exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                if r.status == 200:
                    return proc
        except OSError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("/healthz did not answer within 60 s")
        time.sleep(0.05)


def run_check(argv, env):
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    return usage.ru_utime + usage.ru_stime, wall, os.waitstatus_to_exitcode(status)


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    runs, directory = int(sys.argv[1]), sys.argv[2]
    variants = []
    for spec in sys.argv[3:]:
        name, rest = spec.split("=", 1)
        command, *settings = rest.split(";")
        extra = dict(s.split("=", 1) for s in settings)
        argv = [a.replace("{dll}", os.path.join(directory, "Lunora.Worker.dll")) for a in command.split()]
        variants.append((name, argv, extra))

    port = free_port()
    worker = start_worker(directory, port)
    try:
        results = {name: [] for name, _, _ in variants}
        for _ in range(runs):
            for name, argv, extra in variants:
                env = dict(os.environ, HEALTH_PORT=str(port), **extra)
                results[name].append(run_check(argv, env))
    finally:
        worker.terminate()
        worker.wait()

    print(f"{'check':<16} {'CPU s median':>12} {'min-max':>13} {'wall s median':>13} {'exit codes':>10} "
          + " ".join(f"{'share @' + str(i) + 's':>10}" for i in INTERVALS))
    for name, samples in results.items():
        cpu = [c for c, _, _ in samples]
        wall = [w for _, w, _ in samples]
        codes = sorted({e for _, _, e in samples})
        median = statistics.median(cpu)
        shares = " ".join(f"{100 * median / (i * VCPU):>9.2f}%" for i in INTERVALS)
        print(f"{name:<16} {median:>12.3f} {min(cpu):>6.3f}-{max(cpu):<6.3f} {statistics.median(wall):>13.3f} "
              f"{','.join(map(str, codes)):>10} {shares}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
