# Chapter 9, the chat server, as the course writes it in Python, with the demo of
# examples/ch09_chat.cpp (`ch09_chat --demo`): its lines must be the example's, in order.
import asyncio

clients = set()


async def handle(reader, writer):
    clients.add(writer)
    try:
        writer.write(f"* welcome: {len(clients)} here\n".encode())
        while True:
            line = await reader.readline()
            if not line:
                return
            for other in clients:
                if other is not writer:
                    other.write(line)
    finally:
        clients.discard(writer)


async def hear(who, reader):
    line = await reader.readline()
    print(f"{who} got: {line.decode()}", end="")


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    alice_in, alice_out = await asyncio.open_connection("127.0.0.1", port)
    await hear("alice", alice_in)
    bob_in, bob_out = await asyncio.open_connection("127.0.0.1", port)
    await hear("bob", bob_in)
    alice_out.write(b"hello, bob\n")
    await hear("bob", bob_in)
    bob_out.write(b"hi alice\n")
    await hear("alice", alice_in)


asyncio.run(main())
