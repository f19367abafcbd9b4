# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False, nonecheck=False
"""Shortest paths compiled: engine.sim.game._dijkstra over the roads' C arrays."""

from cpython.array cimport array, clone
from libc.math cimport INFINITY

cdef enum:
    NOWHERE = -1

cdef array _INTS = array("i")
cdef array _DOUBLES = array("d")
cdef array _FLAGS = array("b")


cdef inline array ints(Py_ssize_t n):
    return clone(_INTS, n, False)


cdef inline bint before(const double *cost, int a, int b) noexcept nogil:
    return cost[a] < cost[b] or (cost[a] == cost[b] and a < b)


cdef inline void sift_up(int *heap, int *where, const double *cost, int p, int i) noexcept nogil:
    """Place ``p`` moves up from slot ``i`` while it comes before its parent."""
    cdef int parent
    while i > 0:
        parent = (i - 1) // 2
        if not before(cost, p, heap[parent]):
            break
        heap[i] = heap[parent]
        where[heap[i]] = i
        i = parent
    heap[i] = p
    where[p] = i


cdef inline void sift_down(int *heap, int *where, const double *cost, int p,
                           int size) noexcept nogil:
    """Place ``p`` goes into the root's slot and moves down to where it belongs."""
    cdef int i = 0, child
    while True:
        child = 2 * i + 1
        if child >= size:
            break
        if child + 1 < size and before(cost, heap[child + 1], heap[child]):
            child += 1
        if not before(cost, heap[child], p):
            break
        heap[i] = heap[child]
        where[heap[i]] = i
        i = child
    heap[i] = p
    where[p] = i


def shortest(int[::1] road_start, int[::1] road_to, double[::1] road_cost, int dest,
             const unsigned char[::1] closed=None):
    """game._dijkstra compiled: the cost to ``dest`` from every place and the next step,
    with the reference's ties. The reference's heap keeps stale entries and skips them; this
    one keeps each place once and lowers its key, which settles the places in the same
    order: by (cost, place), the lowest first. A ``closed`` place is settled but not passed
    through."""
    cdef int m = road_start.shape[0] - 1, here, there, k, size = 0, i
    cdef double c, new
    cdef array cost_a = clone(_DOUBLES, m, False), step_a = ints(m)
    cdef array settled_a = clone(_FLAGS, m, True), where_a = ints(m)
    cdef double[::1] cost = cost_a
    cdef int[::1] step = step_a, where = where_a
    cdef signed char[::1] settled = settled_a
    cdef array heap_a = ints(m + 1)
    cdef int[::1] heap = heap_a
    if not 0 <= dest < m:
        raise IndexError(f"no place {dest} among {m}")
    if closed is not None and closed.shape[0] != m:
        raise ValueError(f"{closed.shape[0]} closed flags for {m} places")
    for i in range(m):
        cost[i] = INFINITY
        step[i] = NOWHERE
        where[i] = NOWHERE
    cost[dest] = 0.0
    heap[0], where[dest], size = dest, 0, 1
    while size:
        here = heap[0]
        c = cost[here]
        size -= 1
        where[here] = NOWHERE
        if size:
            sift_down(&heap[0], &where[0], &cost[0], heap[size], size)
        settled[here] = 1
        if closed is not None and closed[here] and here != dest:
            continue
        for k in range(road_start[here], road_start[here + 1]):
            there = road_to[k]
            new = c + road_cost[k]
            if new < cost[there] or (new == cost[there] and here < step[there]
                                     and not settled[there]):
                cost[there] = new
                step[there] = here
                if where[there] == NOWHERE:
                    where[there] = size
                    size += 1
                sift_up(&heap[0], &where[0], &cost[0], there, where[there])
    return cost_a, step_a

