#!/usr/bin/env python3
"""100,000 GET /chat/<random room> on loopback, each closed right after its response headers.
Bounded: at most CONCURRENCY connections at once; prints the status counts and the time taken."""
import asyncio, collections, os, sys, time

PORT = int(sys.argv[1]); TOTAL = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
CONCURRENCY = 64
statuses = collections.Counter()

async def one():
    room = os.urandom(8).hex()
    reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
    try:
        writer.write(f"GET /chat/{room} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        statuses[head.split(b" ", 2)[1].decode()] += 1
    except Exception as e:
        statuses[type(e).__name__] += 1
    finally:
        writer.transport.abort()

async def worker(n):
    for _ in range(n):
        await one()

async def main():
    start = time.time()
    per = TOTAL // CONCURRENCY
    await asyncio.gather(*(worker(per) for _ in range(CONCURRENCY)))
    print(f"{sum(statuses.values())} requests in {time.time() - start:.1f} s: {dict(statuses)}")

asyncio.run(main())
