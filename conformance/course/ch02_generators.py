# Chapter 2, generators and a baby event loop that runs them round-robin, as the course writes
# it: its lines must be those of examples/ch02_generators.cpp, in the same order.


def myfunc():
    yield 1
    yield 2
    yield 3


def mygen(id_number, maxnum):
    for i in range(maxnum):
        yield f"{id_number}: {i}"


print("== Generator functions")
g = myfunc()
print(next(g))
print(next(g))
print(next(g))

print("== A baby event loop: round-robin over generators")
generators = [mygen(1, 5), mygen(2, 7), mygen(3, 3)]
while generators:
    for gen in list(generators):
        try:
            print(next(gen))
        except StopIteration:
            generators.remove(gen)
print("Done!")
