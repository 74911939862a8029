# Barrier(0) is a ValueError.
import asyncio
from harness import describe, run, trace


async def main():
    try:
        asyncio.Barrier(0)
    except ValueError as e:
        trace("Barrier(0) raised", describe(e))


run(main)
