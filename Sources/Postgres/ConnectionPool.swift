/// Book-keeping of a bounded set of connections: who may use one, who waits.
///
/// The actor never blocks: opening and closing connections happens outside it, on the
/// client's threads. A borrower gets either an idle connection or a permit to open one.
actor ConnectionPool {
    enum Lease: Sendable {
        case existing(LibpqConnection)
        case openNew
    }

    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<Lease, any Error>
    }

    let maxConnections: Int
    private var idle: [LibpqConnection] = []
    private var open = 0
    private var waiters: [Waiter] = []
    private var nextWaiterID = 0
    private var isClosed = false

    init(maxConnections: Int) {
        self.maxConnections = max(1, maxConnections)
    }

    func lease(timeout: Duration) async throws -> Lease {
        guard !self.isClosed else {
            throw LibpqError(kind: .connectionUnavailable, message: "client is shut down")
        }
        if let connection = self.idle.popLast() { return .existing(connection) }
        if self.open < self.maxConnections {
            self.open += 1
            return .openNew
        }
        let id = self.nextWaiterID
        self.nextWaiterID += 1
        Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.expire(id)
        }
        return try await withCheckedThrowingContinuation { continuation in
            self.waiters.append(Waiter(id: id, continuation: continuation))
        }
    }

    private func expire(_ id: Int) {
        guard let index = self.waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = self.waiters.remove(at: index)
        waiter.continuation.resume(
            throwing: LibpqError(kind: .poolTimeout, message: "no database connection became free in time")
        )
    }

    /// Returns a connection; a broken one is dropped and its slot handed on as a permit.
    /// Returns the connection to close, if any.
    func release(_ connection: LibpqConnection) -> [LibpqConnection] {
        if connection.isBroken || self.isClosed {
            // One broken connection usually means the server restarted: the idle ones
            // are as dead, so drop them all now rather than fail one request per each.
            var dropped = [connection]
            self.slotFreed()
            for idle in self.idle {
                dropped.append(idle)
                self.slotFreed()
            }
            self.idle.removeAll()
            return dropped
        }
        if !self.waiters.isEmpty {
            self.waiters.removeFirst().continuation.resume(returning: .existing(connection))
        } else {
            self.idle.append(connection)
        }
        return []
    }

    /// A permit was used but opening the connection failed, or a connection was dropped.
    func slotFreed() {
        if !self.waiters.isEmpty, !self.isClosed {
            self.waiters.removeFirst().continuation.resume(returning: .openNew)
        } else {
            self.open -= 1
        }
    }

    /// Closes the pool: idle connections are returned for closing, waiters fail.
    func close() -> [LibpqConnection] {
        self.isClosed = true
        for waiter in self.waiters {
            waiter.continuation.resume(throwing: LibpqError(kind: .connectionUnavailable, message: "shut down"))
        }
        self.waiters.removeAll()
        defer { self.idle.removeAll() }
        self.open -= self.idle.count
        return self.idle
    }

    var statistics: (open: Int, idle: Int, waiting: Int) {
        (self.open, self.idle.count, self.waiters.count)
    }
}
