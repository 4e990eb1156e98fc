#!/usr/bin/env python3
"""Measures the sample against a redis-server of its own (for the README's Redis figures).

  python3 redis-measure.py SAMPLE_DLL idle 10000   # Redis commands/s at N idle rooms (channels), INFO commandstats over 10 s
  python3 redis-measure.py SAMPLE_DLL freeze 200   # Redis frozen (SIGSTOP) under N chat POSTs: time for /clock to open
"""
import asyncio, os, signal, socket, subprocess, sys, time

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def redis_cli(port, *args):
    return subprocess.run(["redis-cli", "-p", str(port), *args], capture_output=True, text=True, timeout=10).stdout

async def request(port, raw, read_body=False, timeout=60.0):
    """Sends a raw HTTP/1.1 request; returns (status, seconds until the headers came)."""
    start = time.monotonic()
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    try:
        writer.write(raw); await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
        return int(head.split(b" ", 2)[1]), time.monotonic() - start
    finally:
        writer.close()

def get(path): return f"GET {path} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n".encode()

def post(path):
    body = b'{"user":"u","text":"hello"}'
    return f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body

async def main(dll, mode, n):
    rport, hport = free_port(), free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(rport), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    app = subprocess.Popen(["dotnet", dll, "--urls", f"http://127.0.0.1:{hport}", f"--SseGen:Redis=127.0.0.1:{rport}", "--Logging:LogLevel:Default=Warning"],
                           cwd=os.path.dirname(dll), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                await request(hport, get("/stats"), timeout=1); break
            except Exception:
                await asyncio.sleep(0.1)
        if mode == "idle":
            sem = asyncio.Semaphore(50)
            async def room(i):
                async with sem:
                    await request(hport, get(f"/chat/idle{i}"))
            t = time.monotonic()
            await asyncio.gather(*(room(i) for i in range(n)))
            print(f"{n} rooms opened (each GET closed after its headers) in {time.monotonic() - t:.1f} s")
            await asyncio.sleep(5)
            redis_cli(rport, "CONFIG", "RESETSTAT")
            await asyncio.sleep(10)
            stats = {}
            for line in redis_cli(rport, "INFO", "commandstats").splitlines():
                if line.startswith("cmdstat_"):
                    name, rest = line[8:].split(":", 1)
                    stats[name] = int(rest.split(",")[0].split("=")[1])
            stats.pop("info", None); stats.pop("config|resetstat", None)
            total = sum(stats.values())
            print(f"commands over 10 s at {n} idle rooms: {total} ({total / 10:.1f}/s): {stats}")
        else:
            lobby = asyncio.ensure_future(request(hport, get("/chat/lobby")))
            await lobby
            # Warm: the first POST compiles the JSON and publishing paths.
            print(f"warm-up POST: {await request(hport, post('/chat/lobby'))}")
            os.kill(redis.pid, signal.SIGSTOP)
            async def timed_post(i):
                t = time.monotonic()
                try:
                    status, _ = await request(hport, post(f"/chat/room{i % 20}"), timeout=120)
                except Exception as e:
                    status = type(e).__name__
                return status, time.monotonic() - t
            posts = [asyncio.ensure_future(timed_post(i)) for i in range(n)]
            await asyncio.sleep(0.2)
            for path in ["/clock", "/chat/newroom"]:
                try:
                    status, took = await request(hport, get(path), timeout=30)
                    print(f"Redis frozen, {n} POSTs in flight: GET {path} answered {status} in {took * 1000:.0f} ms")
                except asyncio.TimeoutError:
                    print(f"Redis frozen, {n} POSTs in flight: GET {path} did not open within 30 s")
            results = await asyncio.gather(*posts)
            os.kill(redis.pid, signal.SIGCONT)
            statuses = {}
            for s, _ in results:
                statuses[s] = statuses.get(s, 0) + 1
            print(f"POSTs: {statuses}; slowest {max(t for _, t in results) * 1000:.0f} ms, fastest {min(t for _, t in results) * 1000:.0f} ms")
    finally:
        try: os.kill(redis.pid, signal.SIGCONT)
        except Exception: pass
        app.terminate(); redis.terminate()
        app.wait(10); redis.wait(10)

asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
