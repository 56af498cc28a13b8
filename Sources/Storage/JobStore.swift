import Domain
import Foundation
import Postgres

/// Reading and steering jobs for people: a regulator sees its tenant's jobs (row-level
/// security), a platform administrator everyone's (`anyTenant`, through the definer functions).
public struct JobStore: Sendable {
    public init() {}

    static let columns = ColumnList(
        "id",
        "tenant_id",
        "queue",
        "kind",
        "payload::text AS payload",
        "priority",
        "state",
        "attempts",
        "max_attempts",
        "run_at",
        "unique_key",
        "last_error",
        "errors::text AS errors",
        "created_at",
        "started_at",
        "finished_at"
    )

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
                "SELECT \(Self.columns.sql) FROM list_all_jobs(\(state?.rawValue), \(kind), \(after), \(Int32(limit + 1)))"
            )
        } else {
            var query: SQLQuery = "SELECT \(Self.columns.sql) FROM jobs WHERE tenant_id = current_tenant_id()"
            if let state { query.append(" AND state = \(state.rawValue)") }
            if let kind { query.append(" AND kind = \(kind)") }
            if let after { query.append(" AND id > \(after)") }
            query.append(" ORDER BY id LIMIT \(limit + 1)")
            rows = try await connection.query(query)
        }
        return Page(overfetched: try rows.map(Self.decode), limit: limit, id: \.id)
    }

    public func find(_ connection: LibpqConnectionHandle, id: UUID, anyTenant: Bool) async throws -> JobRecord? {
        try await connection.query("SELECT \(Self.columns.sql) FROM find_job(\(id), \(anyTenant))").first.map(Self.decode)
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
            let state: Message = JobState(rawValue: job.state)?.label ?? "\(verbatim: job.state)"
            throw DomainError.conflict(retry ? "the job is \(state) and cannot be retried" : "the job is \(state) and cannot be cancelled")
        }
        return try await self.find(connection, id: id, anyTenant: anyTenant)
    }

    static func decode(_ row: SQLRow) throws -> JobRecord {
        JobRecord(
            id: try row.decode("id"),
            tenantID: try row.decode("tenant_id"),
            queue: try row.decode("queue"),
            kind: try row.decode("kind"),
            payload: RawJSON(try row.decode("payload", as: String.self)),
            priority: try row.decode("priority"),
            state: try row.decode("state"),
            attempts: try row.decode("attempts"),
            maxAttempts: try row.decode("max_attempts"),
            runAt: try row.decode("run_at"),
            uniqueKey: try row.decode("unique_key"),
            lastError: try row.decode("last_error"),
            errors: RawJSON(try row.decode("errors", as: String.self)),
            createdAt: try row.decode("created_at"),
            startedAt: try row.decode("started_at"),
            finishedAt: try row.decode("finished_at")
        )
    }
}
