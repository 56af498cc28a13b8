import Foundation

/// Reads the first file part of a `multipart/form-data` body as it streams in (RFC 7578):
/// feed it the body's bytes as they come, and it hands back the file's bytes, never
/// holding more than one delimiter's length of them. Parts without a file name (plain
/// form fields) are skipped. A pure state machine, tested without a network.
struct MultipartFileReader {
    enum Failure: Error, Equatable {
        case malformed(String)
        case noFile
    }

    enum State {
        case preamble
        case headers
        case file
        case skipping
        case done
    }

    /// The boundary's delimiter inside the body: CRLF, two dashes, the boundary.
    let delimiter: [UInt8]
    private(set) var state = State.preamble
    private(set) var fileName: String?
    private(set) var contentType: String?
    private var buffer: [UInt8] = []
    private var partHeaders: [UInt8] = []

    /// `nil` when the content type is not multipart/form-data with a boundary.
    init?(contentType: String) {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data",
            let parameter = parts.dropFirst().first(where: { $0.lowercased().hasPrefix("boundary=") })
        else { return nil }
        var boundary = String(parameter.dropFirst("boundary=".count))
        if boundary.hasPrefix("\""), boundary.hasSuffix("\""), boundary.count >= 2 { boundary = String(boundary.dropFirst().dropLast()) }
        guard (1...70).contains(boundary.utf8.count) else { return nil }
        self.delimiter = Array("\r\n--\(boundary)".utf8)
        // The body may start with the delimiter without its CRLF.
        self.buffer = Array("\r\n".utf8)
    }

    /// Feeds the next bytes of the body; returns the file bytes they complete.
    mutating func feed(_ bytes: some Collection<UInt8>) throws -> [UInt8] {
        self.buffer += bytes
        var out: [UInt8] = []
        while true {
            switch self.state {
            case .preamble, .skipping:
                guard let at = self.find(self.delimiter) else {
                    self.keepTail()
                    return out
                }
                self.buffer.removeFirst(at + self.delimiter.count)
                guard try self.afterDelimiter() else { return out }
            case .headers:
                guard let at = self.find(Array("\r\n\r\n".utf8)) else {
                    guard self.buffer.count <= 8192 else { throw Failure.malformed("a part's headers exceed 8 KiB") }
                    return out
                }
                self.partHeaders = Array(self.buffer[0..<at])
                self.buffer.removeFirst(at + 4)
                self.readHeaders()
                self.state = self.fileName == nil ? .skipping : .file
            case .file:
                if let at = self.find(self.delimiter) {
                    out += self.buffer[0..<at]
                    self.buffer = []
                    self.state = .done
                    return out
                }
                let keep = self.delimiter.count - 1
                if self.buffer.count > keep {
                    out += self.buffer[0..<(self.buffer.count - keep)]
                    self.buffer.removeFirst(self.buffer.count - keep)
                }
                return out
            case .done:
                self.buffer = []
                return out
            }
        }
    }

    /// The body ended: the file must have ended with its delimiter.
    func finish() throws {
        switch self.state {
        case .done: return
        case .file: throw Failure.malformed("the body ended inside the file, before its closing boundary")
        case .preamble, .headers, .skipping: throw Failure.noFile
        }
    }

    /// After a delimiter: `--` closes the body, CRLF opens a part. `false` when more
    /// bytes are needed to tell.
    private mutating func afterDelimiter() throws -> Bool {
        guard self.buffer.count >= 2 else {
            // Put the delimiter back so it is found again with the next bytes.
            self.buffer = self.delimiter + self.buffer
            return false
        }
        if self.buffer.starts(with: Array("--".utf8)) {
            // The closing boundary, and no file yet: `finish` says so too.
            self.state = .skipping
            throw Failure.noFile
        }
        guard self.buffer.starts(with: Array("\r\n".utf8)) else { throw Failure.malformed("a boundary is not followed by CRLF") }
        self.buffer.removeFirst(2)
        self.fileName = nil
        self.contentType = nil
        self.state = .headers
        return true
    }

    private mutating func readHeaders() {
        let text = String(decoding: self.partHeaders, as: UTF8.self)
        for line in text.split(separator: "\r\n") {
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let name = pair[0].trimmingCharacters(in: .whitespaces).lowercased()
            let value = pair[1].trimmingCharacters(in: .whitespaces)
            if name == "content-type" { self.contentType = value }
            if name == "content-disposition" { self.fileName = Self.parameter("filename", in: value) }
        }
    }

    static func parameter(_ name: String, in value: String) -> String? {
        for part in value.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == name else { continue }
            var text = pair[1]
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
            return text
        }
        return nil
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard self.buffer.count >= needle.count else { return nil }
        var index = 0
        let last = self.buffer.count - needle.count
        while index <= last {
            if self.buffer[index] == needle[0], self.buffer[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// Keeps only what could be the start of a delimiter.
    private mutating func keepTail() {
        let keep = self.delimiter.count - 1
        if self.buffer.count > keep { self.buffer.removeFirst(self.buffer.count - keep) }
    }
}
