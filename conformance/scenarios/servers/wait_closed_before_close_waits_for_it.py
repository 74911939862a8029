# wait_closed() awaited before close() waits for the close (with no connection open, it then
# returns at once); after that, it returns at once every time.
import asyncio
from harness import elapsed, run, trace


async def handler(reader, writer):
    writer.close()


async def waiter(server):
    await server.wait_closed()
    trace("waiter returned at", elapsed())


async def main():
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    task = asyncio.create_task(waiter(server))
    await asyncio.sleep(1)
    trace("waiter done before close:", task.done())
    server.close()
    trace("closed at", elapsed())
    await task
    await server.wait_closed()
    trace("a later wait_closed returned at", elapsed())


run(main)
