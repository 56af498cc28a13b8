/// A SQL statement with its bind parameters, built so that values can only become binds.
///
/// Like postgres-nio's `SQLQuery`: every interpolated value becomes `$1`, `$2`, …;
/// raw SQL text has to be spelled `\(unsafeSQL: …)`.
public struct SQLQuery: Sendable, ExpressibleByStringInterpolation {
    public var sql: String
    public var binds: [SQLBind]

    public init(unsafeSQL sql: String, binds: [SQLBind] = []) {
        self.sql = sql
        self.binds = binds
    }

    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, binds: stringInterpolation.binds)
    }

    /// Appends another query, renumbering its binds.
    public mutating func append(_ other: SQLQuery) {
        var interpolation = StringInterpolation(literalCapacity: 0, interpolationCount: 0)
        interpolation.sql = self.sql
        interpolation.binds = self.binds
        interpolation.appendInterpolation(other)
        self.sql = interpolation.sql
        self.binds = interpolation.binds
    }

    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var sql: String = ""
        var binds: [SQLBind] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            self.sql.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        public mutating func appendLiteral(_ literal: String) {
            self.sql += literal
        }

        public mutating func appendInterpolation(_ value: some SQLEncodable) {
            self.binds.append(value.postgresBind)
            self.sql += "$\(self.binds.count)"
        }

        /// An optional value: `NULL` when absent (an overload of its own, so the compiler
        /// does not mistake it for printing an optional).
        public mutating func appendInterpolation<Wrapped: SQLEncodable>(_ value: Wrapped?) {
            self.binds.append(value.postgresBind)
            self.sql += "$\(self.binds.count)"
        }

        /// Raw SQL text: only for identifiers and fragments the code itself owns.
        public mutating func appendInterpolation(unsafeSQL text: String) {
            self.sql += text
        }

        /// A nested query fragment; its `$n` placeholders are renumbered.
        public mutating func appendInterpolation(_ fragment: SQLQuery) {
            let offset = self.binds.count
            self.binds += fragment.binds
            guard offset > 0, !fragment.binds.isEmpty else {
                self.sql += fragment.sql
                return
            }
            self.sql += Self.renumber(fragment.sql, by: offset)
        }

        /// Shifts `$n` placeholders outside quoted text by `offset`.
        static func renumber(_ sql: String, by offset: Int) -> String {
            var out = ""
            var inQuote: Character? = nil
            var iterator = Array(sql)
            var index = 0
            iterator.append(" ")
            while index < iterator.count - 1 {
                let char = iterator[index]
                if let quote = inQuote {
                    out.append(char)
                    if char == quote { inQuote = nil }
                    index += 1
                    continue
                }
                if char == "'" || char == "\"" {
                    inQuote = char
                    out.append(char)
                    index += 1
                    continue
                }
                if char == "$", iterator[index + 1].isNumber {
                    var end = index + 1
                    while iterator[end].isNumber { end += 1 }
                    let number = Int(String(iterator[(index + 1)..<end]))!
                    out += "$\(number + offset)"
                    index = end
                    continue
                }
                out.append(char)
                index += 1
            }
            return out
        }
    }
}
