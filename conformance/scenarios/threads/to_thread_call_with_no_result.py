# to_thread of a function returning nothing gives None once the call is done; its side
# effect is visible to the loop's thread afterwards.
import asyncio
from harness import repr_list, run, trace


async def main():
    seen = []
    result = await asyncio.to_thread(seen.extend, [1, 2, 3])
    trace("to_thread gives", result, "and the list is", repr_list(seen))


run(main)
