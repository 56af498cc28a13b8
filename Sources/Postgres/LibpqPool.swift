import Logging
import NIOPosix
import ServiceLifecycle

/// A bounded pool of libpq connections with an async front door.
///
/// Every libpq call runs on the client's own thread pool (one thread per connection),
/// never on a SwiftNIO event loop. A connection that broke (for example because the
/// server restarted) is dropped and replaced on the next use, without a process restart.
public final class LibpqPool: Sendable, Service {
    public let connectionString: String
    let pool: ConnectionPool
    let threads: NIOThreadPool
    let checkoutTimeout: Duration
    let logger: Logger

    public init(
        connectionString: String,
        maxConnections: Int = 10,
        checkoutTimeout: Duration = .seconds(10),
        logger: Logger = Logger(label: "postgres")
    ) {
        self.connectionString = connectionString
        self.pool = ConnectionPool(maxConnections: maxConnections)
        self.threads = NIOThreadPool(numberOfThreads: max(1, maxConnections))
        self.threads.start()
        self.checkoutTimeout = checkoutTimeout
        self.logger = logger
    }

    /// Runs until graceful shutdown, then closes the connections.
    public func run() async throws {
        try? await gracefulShutdown()
        try await self.shutdown()
    }

    /// Closes idle connections and stops the threads. Call once, when nothing uses the client.
    public func shutdown() async throws {
        let idle = await self.pool.close()
        try? await self.run { for connection in idle { connection.close() } }
        try await self.threads.shutdownGracefully()
    }

    /// Runs a blocking closure on one of the client's threads.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await self.threads.runIfActive(body)
    }

    /// Lends a connection for the duration of `body`.
    public func withConnection<T>(
        _ body: (LibpqConnectionHandle) async throws -> T
    ) async throws -> T {
        let connection = try await self.checkout()
        connection.transactionEnded = false
        let handle = LibpqConnectionHandle(connection: connection, client: self)
        do {
            let value = try await body(handle)
            await self.checkin(connection)
            return value
        } catch {
            await self.checkin(connection)
            throw error
        }
    }

    /// Runs `body` in a transaction that commits when it returns and rolls back when it throws.
    ///
    /// If the connection turns out dead before anything ran (the server restarted since
    /// it was last used), the transaction starts again once on a fresh connection.
    public func withTransaction<T>(
        _ body: (LibpqConnectionHandle) async throws -> T
    ) async throws -> T {
        try await self.withTransaction(prologue: nil) { connection, _ in try await body(connection) }
    }

    /// A transaction whose first statement, `prologue`, is sent together with `BEGIN` in
    /// one round trip; `body` receives the prologue's rows.
    public func withTransaction<T>(
        prologue: SQLQuery?,
        _ body: (LibpqConnectionHandle, SQLRows?) async throws -> T
    ) async throws -> T {
        var attempts = 0
        while true {
            attempts += 1
            do {
                return try await self.withConnection { connection in
                    let prologueRows: SQLRows?
                    if let prologue {
                        let raw = connection.connection
                        do {
                            prologueRows = try await self.run { try raw.pipeline(["BEGIN", prologue]) }[1]
                        } catch let error as LibpqError where !error.isConnectionFailure {
                            try? await connection.execute("ROLLBACK")
                            throw TransactionBodyError(underlying: error)
                        }
                    } else {
                        try await connection.execute("BEGIN")
                        prologueRows = nil
                    }
                    do {
                        let value = try await body(connection, prologueRows)
                        if !connection.connection.transactionEnded {
                            try await connection.execute("COMMIT")
                        }
                        return value
                    } catch {
                        if !connection.connection.isBroken && !connection.connection.transactionEnded {
                            try? await connection.execute("ROLLBACK")
                        }
                        throw TransactionBodyError(underlying: error)
                    }
                }
            } catch let error as TransactionBodyError {
                throw error.underlying
            } catch let error as LibpqError where error.isConnectionFailure && attempts == 1 {
                continue
            }
        }
    }

    /// Opens every connection of the pool now and runs `statement` on each (to load the
    /// server's catalog caches), so that no request pays for a connection start. Opening
    /// sixteen at once under load, each backend filling its caches on its first
    /// queries, was where the API's occasional p99 of half a second came from. Returns
    /// how many opened; a failure leaves the rest to open on demand, as before.
    @discardableResult
    public func warm(_ statement: SQLQuery = "SELECT 1") async -> Int {
        var held: [LibpqConnection] = []
        for _ in 0..<self.pool.maxConnections {
            guard let connection = try? await self.checkout() else { break }
            held.append(connection)
            _ = try? await self.run { try connection.query(statement) }
        }
        for connection in held { await self.checkin(connection) }
        return held.count
    }

    /// Runs one statement on a pooled connection, outside any explicit transaction.
    @discardableResult
    public func query(_ query: SQLQuery) async throws -> SQLRows {
        try await self.withConnection { try await $0.query(query) }
    }

    private func checkout() async throws -> LibpqConnection {
        while true {
            switch try await self.pool.lease(timeout: self.checkoutTimeout) {
            case .existing(let connection):
                // checkAlive only polls the socket without blocking, so it runs inline.
                if connection.checkAlive() { return connection }
                await self.checkin(connection)
            case .openNew:
                do {
                    let connectionString = self.connectionString
                    return try await self.run { try LibpqConnection(connectionString: connectionString) }
                } catch {
                    await self.pool.slotFreed()
                    self.logger.warning("database connection failed", metadata: ["error": "\(error)"])
                    throw error
                }
            }
        }
    }

    /// Returns a connection to the pool. One still inside a transaction (its ROLLBACK or
    /// COMMIT never ran, e.g. because the task was cancelled) is closed, never reused.
    private func checkin(_ connection: LibpqConnection) async {
        if !connection.isBroken && !connection.isIdleOutsideTransaction {
            connection.markBroken()
        }
        let dropped = await self.pool.release(connection)
        if !dropped.isEmpty {
            // Submitted, not awaited: closing must happen even when the caller was cancelled.
            self.threads.submit { _ in
                for connection in dropped { connection.close() }
            }
        }
    }
}

/// Marks an error thrown by a transaction's body, which must not be retried.
private struct TransactionBodyError: Error {
    let underlying: any Error
}

/// A connection lent by the client: the async face of `LibpqConnection`.
public struct LibpqConnectionHandle: Sendable {
    let connection: LibpqConnection
    let client: LibpqPool

    @discardableResult
    public func query(_ query: SQLQuery) async throws -> SQLRows {
        let connection = self.connection
        guard !connection.transactionEnded else { throw Self.afterCommit }
        return try await self.client.run { try connection.query(query) }
    }

    /// Runs the last statement of a transaction and its `COMMIT` in one round trip.
    /// Nothing may run in the transaction afterwards; the client then skips its own COMMIT.
    @discardableResult
    public func queryAndCommit(_ query: SQLQuery) async throws -> SQLRows {
        let connection = self.connection
        guard !connection.transactionEnded else { throw Self.afterCommit }
        return try await self.client.run {
            let rows = try connection.pipeline([query, "COMMIT"])[0]
            connection.transactionEnded = true
            return rows
        }
    }

    static let afterCommit = LibpqError(kind: .server, message: "statement after the transaction committed")

    /// Runs SQL text without parameters; it may hold several statements.
    public func execute(_ sql: StaticString) async throws {
        try await self.execute(unsafeSQL: "\(sql)")
    }

    public func execute(unsafeSQL sql: String) async throws {
        let connection = self.connection
        try await self.client.run { try connection.execute(unsafeSQL: sql) }
    }
}

extension LibpqConnectionHandle {
    /// Starts listening on a channel (for a dedicated wake-up connection, never pooled
    /// through pgbouncer's transaction mode).
    public func listen(_ channel: String) async throws {
        let connection = self.connection
        try await self.client.run { try connection.listen(channel) }
    }

    /// Waits up to `timeout` seconds for notifications; blocks one of the client's threads.
    public func waitForNotifications(timeout: Double) async throws -> [(channel: String, payload: String)] {
        let connection = self.connection
        return try await self.client.run { try connection.waitForNotifications(timeout: timeout) }
    }
}
