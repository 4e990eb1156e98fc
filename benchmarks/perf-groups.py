#!/usr/bin/env python3
"""Groups `perf script -F tid,ip,sym,dso` samples (with call chains) by where the time goes.

Used by profile-fanout.sh: reads perf script's text on stdin; arguments: events delivered during
the perf window and the server's CPU time in it (microseconds), to turn shares into microseconds
per delivered event. A kernel sample is grouped by what the kernel was doing (socket send, epoll,
futex and the scheduler); any other sample by the nearest frame, from the leaf up, that names a
group (so a memmove under Kestrel's flush counts as Kestrel, and only frames nothing claims fall
through to the thread-pool dispatch at the root of every stack).
"""
import re
import sys
from collections import Counter

JIT = "JIT compiler (tiering up: warm-up)"
KERNEL = [
    ("kernel: socket send (TCP over loopback)", re.compile(r"tcp_sendmsg|sock_sendmsg|__sys_sendmsg|__sys_sendto|sock_write_iter|tcp_push|__tcp_transmit|ip_finish_output|loopback_xmit|net_rx_action|tcp_v4_rcv|__dev_queue_xmit")),
    ("kernel: socket receive", re.compile(r"tcp_recvmsg|sock_recvmsg|__sys_recvfrom")),
    ("kernel: epoll (IOQueue / socket engine wake-ups)", re.compile(r"ep_poll|do_epoll|epoll_")),
    ("kernel: futex and scheduler (thread wake-ups and sleeps)", re.compile(r"futex|schedule|finish_task_switch|try_to_wake_up|sched_yield|do_nanosleep")),
]
USER = [
    ("channel queue (System.Threading.Channels)", re.compile(r"System\.Threading\.Channels")),
    ("SseGen (stream loop, frame writer, broadcast)", re.compile(r"^SseGen\.Runtime |^\S+ SseGen\.Generated")),
    ("benchmark peer code (feed, floor pass, producers)", re.compile(r"^SseGen\.Benchmarks")),
    ("Kestrel, pipelines, sockets (write, flush, IOQueue, send)", re.compile(r"Microsoft\.AspNetCore\.Server\.Kestrel|System\.IO\.Pipelines|System\.Net\.Sockets|Http1OutputProducer|IOQueue|SocketSender|SocketConnection|SocketAsyncEngine|PipeWriter|Pipe\.")),
    ("ASP.NET Core built-in SSE result, HTTP abstractions", re.compile(r"System\.Net\.ServerSentEvents|Microsoft\.AspNetCore\.Http")),
    ("serialization (System.Text.Json, number formatting)", re.compile(r"System\.Text\.Json|System\.Number\.|Number\.Format|Utf8Formatter")),
    ("thread pool, tasks, async state machines (hops and scheduling)", re.compile(r"ThreadPool|WorkStealingQueue|LowLevelLifoSemaphore|LowLevelSpinWaiter|ExecutionContext|AsyncTaskMethodBuilder|AsyncValueTaskMethodBuilder|AsyncStateMachineBox|System\.Threading\.Tasks|ManualResetValueTaskSourceCore|TimerQueue|SpinWait|Monitor|Thread::|ThreadNative|YieldProcessor")),
    ("GC", re.compile(r"gc_heap|GCHeap|WKS::|SVR::|GCToEE|memclr|Alloc")),
]


def classify(stack):
    leaf_sym, leaf_dso = stack[0]
    if "kernel" in leaf_dso:
        for name, pattern in KERNEL:
            if any(pattern.search(sym) for sym, _ in stack):
                return name
        return "kernel: other"
    if "libclrjit" in leaf_dso:
        return JIT
    for sym, dso in stack:
        frame = owner(sym, dso)
        for name, pattern in USER:
            if pattern.search(frame):
                return name
    if "libcoreclr" in leaf_dso:
        return "runtime native, other (stubs, JIT, type checks)"
    if "libc" in leaf_dso:
        return "libc, other"
    return "other: " + (leaf_dso.rsplit("/", 1)[-1] or "?")


def owner(sym, dso):
    """'<assembly> <type>' of a JIT frame (`instance void [SseGen.Runtime] SseGen.X`1+<M>d__1[SseGen.Benchmarks.Tick]::MoveNext()`):
    the method's own assembly and type, not its generic arguments; ReadyToRun code has no perf-map
    symbol, so its assembly's file name says whose it is; native frames keep their symbol."""
    m = re.search(r"\[([^\]]+)\] ([^\[:]+)", sym)
    if m:
        return m.group(1) + " " + m.group(2)
    if sym == "[unknown]" and dso.endswith(".dll"):
        name = dso.rsplit("/", 1)[-1][:-4]
        return name + " " + name
    return "native " + sym


def samples(lines):
    stack = []
    for line in lines:
        if not line.strip():
            if stack:
                yield stack
            stack = []
            continue
        if line[0].isspace():
            m = re.match(r"\s*[0-9a-f]+\s+(.*?)\s+\(([^)]*)\)\s*$", line)
            if m:
                sym = re.sub(r"\+0x[0-9a-f]+$", "", m.group(1))
                stack.append((sym, m.group(2)))
    if stack:
        yield stack


def main():
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    cpu_us = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    groups = Counter()
    leaves = Counter()
    total = 0
    for stack in samples(sys.stdin):
        total += 1
        groups[classify(stack)] += 1
        leaves[stack[0][0][:110]] += 1
    if total == 0:
        print("no samples")
        return
    # The JIT tiering up is the warm-up still going on (under load it takes longer than any fixed
    # warm-up): shown, but left out of the per-event split.
    jit = groups.get(JIT, 0)
    per_event = cpu_us / events if events else float("nan")
    steady = total - jit
    per_event_steady = per_event * steady / total
    print(f"== {total} samples; {events} events delivered; server CPU {per_event:.2f} µs per delivered event, "
          f"{per_event_steady:.2f} without the JIT's {100 * jit / total:.1f}% of the samples")
    print("| where (samples grouped) | share of samples | share without the JIT | µs / event without the JIT |")
    print("|---|---:|---:|---:|")
    for name, n in groups.most_common():
        if name == JIT:
            print(f"| {name} | {100 * n / total:.1f}% | - | - |")
        else:
            print(f"| {name} | {100 * n / total:.1f}% | {100 * n / steady:.1f}% | {per_event_steady * n / steady:.2f} |")
    print("== top leaf frames (exclusive)")
    for sym, n in leaves.most_common(20):
        print(f"{100 * n / total:5.1f}%  {sym}")


main()
