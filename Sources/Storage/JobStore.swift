import Domain
import Foundation
import Postgres

/// Reading and steering jobs for people: a regulator sees its tenant's jobs (row-level
/// security), a platform administrator everyone's (`anyTenant`, through the definer functions).
public struct JobStore: Sendable {
    public init() {}

    static let columns: SQLQuery = """
        id, tenant_id, queue, kind, payload::text, priority, state, attempts, max_attempts, run_at, unique_key,
        last_error, errors::text, created_at, started_at, finished_at
        """

    public func list(
        _ connection: LibpqConnectionHandle,
        anyTenant: Bool,
        state: JobState?,
        kind: String?,
        after: UUID?,
        limit: Int
    ) async throws -> Page<JobRecord> {
        let rows: SQLRows
        if anyTenant {
            rows = try await connection.query(
                "SELECT \(Self.columns) FROM list_all_jobs(\(state?.rawValue), \(kind), \(after), \(Int32(limit + 1)))"
            )
        } else {
            var query: SQLQuery = "SELECT \(Self.columns) FROM jobs WHERE tenant_id = current_tenant_id()"
            if let state { query.append(" AND state = \(state.rawValue)") }
            if let kind { query.append(" AND kind = \(kind)") }
            if let after { query.append(" AND id > \(after)") }
            query.append(" ORDER BY id LIMIT \(limit + 1)")
            rows = try await connection.query(query)
        }
        return Page(overfetched: try rows.map(Self.decode), limit: limit, id: \.id)
    }

    public func find(_ connection: LibpqConnectionHandle, id: UUID, anyTenant: Bool) async throws -> JobRecord? {
        try await connection.query("SELECT \(Self.columns) FROM find_job(\(id), \(anyTenant))").first.map(Self.decode)
    }

    /// Retries (`retry`) or cancels a job; `nil` when the caller may not see it, and
    /// `DomainError.conflict` when its state does not allow the change.
    public func steer(
        _ connection: LibpqConnectionHandle,
        id: UUID,
        anyTenant: Bool,
        retry: Bool
    )
        async throws -> JobRecord?
    {
        guard let job = try await self.find(connection, id: id, anyTenant: anyTenant) else { return nil }
        let changed: Bool =
            retry
            ? try await connection.query("SELECT retry_job(\(id), \(anyTenant))")[0].decode(0)
            : try await connection.query("SELECT cancel_job(\(id), \(anyTenant))")[0].decode(0)
        guard changed else {
            let verb = retry ? "retried" : "cancelled"
            throw DomainError.conflict("the job is \(job.state) and cannot be \(verb)")
        }
        return try await self.find(connection, id: id, anyTenant: anyTenant)
    }

    static func decode(_ row: SQLRow) throws -> JobRecord {
        JobRecord(
            id: try row.decode(0),
            tenantID: try row.decode(1),
            queue: try row.decode(2),
            kind: try row.decode(3),
            payload: RawJSON(try row.decode(4, as: String.self)),
            priority: try row.decode(5),
            state: try row.decode(6),
            attempts: try row.decode(7),
            maxAttempts: try row.decode(8),
            runAt: try row.decode(9),
            uniqueKey: try row.decode(10),
            lastError: try row.decode(11),
            errors: RawJSON(try row.decode(12, as: String.self)),
            createdAt: try row.decode(13),
            startedAt: try row.decode(14),
            finishedAt: try row.decode(15)
        )
    }
}
