# Chapter 1, the reactor: functions on a list (loop.call_soon), run while there are any; its
# lines must be those of examples/ch01_reactor.cpp, in the same order.
import asyncio

loop = asyncio.new_event_loop()
unfinished = 0


def work(name, steps, step):
    global unfinished
    print(f"{name}: step {step} of {steps}")
    if step < steps:
        loop.call_soon(work, name, steps, step + 1)
        return
    print(f"{name}: finished")
    unfinished -= 1
    if unfinished == 0:
        loop.stop()


def add(name, steps):
    global unfinished
    unfinished += 1
    loop.call_soon(work, name, steps, 1)


add("A", 3)
add("B", 1)
add("C", 2)
loop.run_forever()
loop.close()
print("The list is empty: the loop stopped.")
