import CLibPQ
import Foundation

/// The rows of one statement's result, decoded on demand from libpq's binary result.
///
/// `@unchecked Sendable`: a `PGresult` is immutable once libpq returns it, so reading it
/// from any thread is safe; it is freed once, in `deinit`.
public final class SQLRows: @unchecked Sendable, RandomAccessCollection {
    let result: OpaquePointer?
    public let count: Int
    public let columnCount: Int
    /// Rows changed by an INSERT, UPDATE or DELETE.
    public let affectedRows: Int
    /// Column positions by name, built once per result as it arrives: decoding by name
    /// looks a column up for every cell (`PQfnumber` copies and folds the name on each
    /// call, and a lazily built index needs a lock per cell), which made a list of 50 rows
    /// by 16 columns measurably slower. Building it costs one small dictionary per result.
    let columnIndex: [String: Int]

    init(result: OpaquePointer?) {
        self.result = result
        self.count = result.map { Int(PQntuples($0)) } ?? 0
        let columnCount = result.map { Int(PQnfields($0)) } ?? 0
        self.columnCount = columnCount
        self.affectedRows = result.flatMap { Int(String(cString: PQcmdTuples($0))) } ?? 0
        var index = [String: Int](minimumCapacity: columnCount)
        if let result {
            // The first of equal names wins, as with PQfnumber.
            for column in (0..<columnCount).reversed() { index[String(cString: PQfname(result, Int32(column)))] = column }
        }
        self.columnIndex = index
    }

    deinit {
        if let result { PQclear(result) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { self.count }

    public subscript(position: Int) -> SQLRow {
        SQLRow(rows: self, index: position)
    }

    /// The column names, in order.
    public var columnNames: [String] {
        (0..<self.columnCount).map { String(cString: PQfname(self.result, Int32($0))) }
    }

    func column(named name: String) throws -> Int {
        guard let index = self.columnIndex[name] else {
            throw LibpqError(kind: .decoding, message: "no column named \(name)")
        }
        return index
    }
}

/// One row of a result.
public struct SQLRow: Sendable {
    let rows: SQLRows
    let index: Int

    public func isNull(_ column: Int) -> Bool {
        PQgetisnull(self.rows.result, Int32(self.index), Int32(column)) == 1
    }

    /// Decodes a cell; NULL decodes only as an optional. One spelling throughout:
    /// `row.decode(0)` where the type is inferred, `row.decode(0, as: UUID.self)` where not.
    public func decode<T: SQLDecodable>(_ column: Int, as _: T.Type = T.self) throws -> T {
        guard column < self.rows.columnCount else {
            throw LibpqError(kind: .decoding, message: "column \(column) out of range")
        }
        return self.isNull(column) ? try T.decodeNull() : try self.decodeCell(column)
    }

    /// Decodes the cell of the column named `name` (looked up once per result).
    public func decode<T: SQLDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try self.decode(try self.rows.column(named: name), as: type)
    }

    private func decodeCell<T: SQLDecodable>(_ column: Int) throws -> T {
        let row = Int32(self.index)
        let col = Int32(column)
        let length = Int(PQgetlength(self.rows.result, row, col))
        let oid = UInt32(PQftype(self.rows.result, col))
        guard let pointer = PQgetvalue(self.rows.result, row, col) else {
            throw LibpqError(kind: .decoding, message: "missing value")
        }
        let bytes = UnsafeRawBufferPointer(start: pointer, count: length)
        do {
            return try T.decode(from: bytes, typeOID: oid)
        } catch let error as LibpqError {
            throw error
        } catch {
            throw LibpqError(kind: .decoding, message: "column \(column) as \(T.self): \(error)")
        }
    }
}
