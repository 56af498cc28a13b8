import Foundation

/// A whole `multipart/form-data` body read into its fields and files (RFC 7578), for the
/// pages' small forms that carry a photo beside their fields. Parts with a file name are
/// files (an empty file input sends `filename=""` and no bytes: left out); the others are
/// fields. A pure function, tested without a network. The API's and the dashboard's
/// uploads stream instead (`MultipartFileReader`).
struct MultipartForm: Equatable {
    struct File: Equatable {
        var fileName: String
        var contentType: String?
        var bytes: [UInt8]
    }

    var fields: [String: String] = [:]
    var files: [String: File] = [:]

    /// `nil` when the body is not multipart/form-data of this boundary.
    static func parse(_ body: [UInt8], contentType: String) -> MultipartForm? {
        guard let probe = MultipartFileReader(contentType: contentType) else { return nil }
        let delimiter = probe.delimiter
        let bytes = Array("\r\n".utf8) + body
        var form = MultipartForm()
        guard var at = Self.find(delimiter, in: bytes, from: 0) else { return nil }
        while true {
            let after = at + delimiter.count
            guard after + 2 <= bytes.count else { return nil }
            if bytes[after] == UInt8(ascii: "-"), bytes[after + 1] == UInt8(ascii: "-") { return form }  // the closing boundary
            guard bytes[after] == 13, bytes[after + 1] == 10,
                let headersEnd = Self.find(Array("\r\n\r\n".utf8), in: bytes, from: after + 2),
                let next = Self.find(delimiter, in: bytes, from: headersEnd + 4)
            else { return nil }
            let headers = String(decoding: bytes[(after + 2)..<headersEnd], as: UTF8.self)
            let content = Array(bytes[(headersEnd + 4)..<next])
            var name: String?
            var fileName: String?
            var type: String?
            for line in headers.split(separator: "\r\n") {
                let pair = line.split(separator: ":", maxSplits: 1)
                guard pair.count == 2 else { continue }
                let value = pair[1].trimmingCharacters(in: .whitespaces)
                switch pair[0].trimmingCharacters(in: .whitespaces).lowercased() {
                case "content-disposition":
                    name = MultipartFileReader.parameter("name", in: value)
                    fileName = MultipartFileReader.parameter("filename", in: value)
                case "content-type": type = value
                default: break
                }
            }
            if let name {
                if let fileName {
                    if !fileName.isEmpty, !content.isEmpty, form.files[name] == nil {
                        form.files[name] = File(fileName: fileName, contentType: type, bytes: content)
                    }
                } else {
                    form.fields[name] = String(decoding: content, as: UTF8.self)
                }
            }
            at = next
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = start
        let last = haystack.count - needle.count
        return haystack.withUnsafeBufferPointer { buffer in
            while index <= last {
                if buffer[index] == first {
                    var matched = true
                    for offset in 1..<needle.count where buffer[index + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    if matched { return index }
                }
                index += 1
            }
            return nil
        }
    }
}
