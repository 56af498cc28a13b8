import CLibPQ
import Foundation

/// One libpq connection. Its methods block, so they run only on the pool's own threads.
///
/// `@unchecked Sendable`: the pool lends a connection to one borrower at a time, and the
/// borrower awaits each call before making the next, so libpq never sees two threads at
/// once on the same `PGconn`.
public final class LibpqConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    /// Set when the connection broke; the pool then closes it instead of reusing it.
    public private(set) var isBroken = false
    /// Set when a statement of the current transaction also committed it
    /// (`queryAndCommit`); later statements of that transaction are refused.
    var transactionEnded = false

    /// Connects with a libpq connection string or URI, passed through untouched, so that
    /// multi-host strings and `target_session_attrs` work as libpq documents them.
    public init(connectionString: String) throws {
        let handle = PQconnectdb(connectionString)
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            let message = handle.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            PQfinish(handle)
            throw LibpqError(kind: .connectionUnavailable, message: message)
        }
        self.handle = handle
        // Notices (e.g. "relation already exists, skipping") go nowhere instead of stderr.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// Closes the connection now (blocking: call it on the client's threads).
    public func close() {
        if let handle { PQfinish(handle) }
        self.handle = nil
        self.isBroken = true
    }

    /// Whether no transaction is open (or aborted) on the connection: the only state in
    /// which it may go back to the pool.
    public var isIdleOutsideTransaction: Bool {
        guard let handle, !self.isBroken else { return false }
        return PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    /// Marks the connection unusable, so that the pool closes it instead of reusing it.
    func markBroken() {
        self.isBroken = true
    }

    /// Whether the connection still looks usable; reads anything the server sent while
    /// it sat idle, such as a termination notice after a restart.
    public func checkAlive() -> Bool {
        guard let handle, !self.isBroken, PQstatus(handle) == CONNECTION_OK else {
            self.isBroken = true
            return false
        }
        // An idle connection has nothing to read. Anything readable (a termination
        // notice, end of file, an error) means the server is gone or going.
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        if poll(&descriptor, 1, 0) != 0 {
            self.isBroken = true
            return false
        }
        return true
    }

    /// Runs one parameterised statement and returns its rows in binary format.
    public func query(_ query: SQLQuery) throws -> SQLRows {
        let handle = try self.usableHandle()
        let result = Self.withParameters(query) { count, types, values, lengths, formats in
            PQexecParams(handle, query.sql, count, types, values, lengths, formats, 1)
        }
        return try self.check(result)
    }

    /// Sends several statements in one round trip (libpq pipeline mode) and returns each
    /// one's rows. If one fails, the rest are skipped and its error is thrown.
    public func pipeline(_ queries: [SQLQuery]) throws -> [SQLRows] {
        let handle = try self.usableHandle()
        guard PQenterPipelineMode(handle) == 1 else { throw self.error(from: nil) }
        defer { PQexitPipelineMode(handle) }
        for query in queries {
            let sent = Self.withParameters(query) { count, types, values, lengths, formats in
                PQsendQueryParams(handle, query.sql, count, types, values, lengths, formats, 1)
            }
            guard sent == 1 else {
                // Half a pipeline was sent with no sync: the session's state is unknown.
                self.isBroken = true
                throw self.error(from: nil)
            }
        }
        guard PQpipelineSync(handle) == 1 else {
            self.isBroken = true
            throw self.error(from: nil)
        }
        var rows: [SQLRows] = []
        var firstError: LibpqError? = nil
        while true {
            guard let result = PQgetResult(handle) else {
                // End of one statement's results; a broken connection also ends here.
                if PQstatus(handle) != CONNECTION_OK { throw self.error(from: nil) }
                continue
            }
            switch PQresultStatus(result) {
            case PGRES_PIPELINE_SYNC:
                PQclear(result)
                if let firstError { throw firstError }
                return rows
            case PGRES_PIPELINE_ABORTED:
                PQclear(result)
            default:
                do {
                    rows.append(try self.check(result))
                } catch let error as LibpqError {
                    if firstError == nil { firstError = error }
                }
            }
        }
    }

    private func usableHandle() throws -> OpaquePointer {
        guard let handle, !self.isBroken else {
            throw LibpqError(kind: .connectionUnavailable, message: "connection is closed")
        }
        return handle
    }

    /// Lends C arrays of a query's parameter types and text values.
    /// The parameters as libpq takes them: values, lengths and formats (text, or binary
    /// for raw bytes), alive for the duration of `body`.
    private static func withParameters<T>(
        _ query: SQLQuery,
        _ body: (Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> T
    ) -> T {
        let types = query.binds.map { Oid($0.typeOID) }
        let values: [UnsafeMutablePointer<CChar>?] = query.binds.map { bind in
            if let bytes = bind.bytes {
                let copy = UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes.count), alignment: 1)
                bytes.withUnsafeBytes { source in
                    if let base = source.baseAddress { copy.copyMemory(from: base, byteCount: bytes.count) }
                }
                return copy.assumingMemoryBound(to: CChar.self)
            }
            return bind.text.map { strdup($0) }
        }
        defer {
            for (pointer, bind) in zip(values, query.binds) {
                if bind.bytes != nil { pointer.map { UnsafeMutableRawPointer($0).deallocate() } } else { free(pointer) }
            }
        }
        let lengths = query.binds.map { Int32($0.bytes?.count ?? 0) }
        let formats = query.binds.map { Int32($0.bytes == nil ? 0 : 1) }
        return values.withUnsafeBufferPointer { values in
            values.withMemoryRebound(to: UnsafePointer<CChar>?.self) { values in
                types.withUnsafeBufferPointer { types in
                    lengths.withUnsafeBufferPointer { lengths in
                        formats.withUnsafeBufferPointer { formats in
                            body(Int32(query.binds.count), types.baseAddress, values.baseAddress, lengths.baseAddress, formats.baseAddress)
                        }
                    }
                }
            }
        }
    }

    /// Runs SQL text with no parameters, possibly several statements (migrations).
    public func execute(unsafeSQL sql: String) throws {
        guard let handle, !self.isBroken else {
            throw LibpqError(kind: .connectionUnavailable, message: "connection is closed")
        }
        _ = try self.check(PQexec(handle, sql))
    }

    private func check(_ result: OpaquePointer?) throws -> SQLRows {
        switch result.map(PQresultStatus) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return SQLRows(result: result)
        default:
            let error = self.error(from: result)
            PQclear(result)
            throw error
        }
    }

    private func error(from result: OpaquePointer?) -> LibpqError {
        func field(_ code: Character) -> String? {
            guard let result, let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        if PQstatus(self.handle) != CONNECTION_OK {
            self.isBroken = true
            let message = String(cString: PQerrorMessage(self.handle))
            return LibpqError(kind: .connectionUnavailable, sqlState: field("C"), message: message)
        }
        let message = field("M") ?? String(cString: PQerrorMessage(self.handle))
        let error = LibpqError(sqlState: field("C"), message: message, detail: field("D"), constraint: field("n"))
        if error.kind == .connectionUnavailable { self.isBroken = true }
        return error
    }

    /// Starts listening on a channel (for a dedicated wake-up connection).
    public func listen(_ channel: String) throws {
        let escaped = PQescapeIdentifier(self.handle, channel, channel.utf8.count)
        defer { PQfreemem(escaped) }
        try self.execute(unsafeSQL: "LISTEN " + String(cString: escaped!))
    }

    /// Waits up to `timeout` seconds for notifications and returns their channels and payloads.
    public func waitForNotifications(timeout: Double) throws -> [(channel: String, payload: String)] {
        guard let handle, !self.isBroken else {
            throw LibpqError(kind: .connectionUnavailable, message: "connection is closed")
        }
        var received = self.drainNotifications()
        if !received.isEmpty { return received }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(timeout * 1000))
        if ready > 0 {
            if PQconsumeInput(handle) == 0 {
                self.isBroken = true
                throw LibpqError(kind: .connectionUnavailable, message: String(cString: PQerrorMessage(handle)))
            }
            received = self.drainNotifications()
        }
        return received
    }

    private func drainNotifications() -> [(channel: String, payload: String)] {
        var received: [(channel: String, payload: String)] = []
        while let notify = PQnotifies(self.handle) {
            received.append((String(cString: notify.pointee.relname), String(cString: notify.pointee.extra)))
            PQfreemem(notify)
        }
        return received
    }
}
