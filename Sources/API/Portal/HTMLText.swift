import Foundation
import Mustache

/// HTML escaping over UTF-8 bytes for the portal's templates, which select it with
/// `{{% CONTENT_TYPE: HTML_UTF8 }}`. swift-mustache's own HTML type escapes one
/// `Character` at a time through a dictionary, which was a sixth of a page's render
/// time; this escapes the same five characters. A template without the pragma still
/// gets the library's escaping, so forgetting it costs speed, never safety.
struct UTF8HTMLContentType: MustacheContentType {
    static let name = "HTML_UTF8"

    /// Registers the type before any template is parsed (the pragma is resolved at parse time).
    static let registered: Void = MustacheContentTypes.register(UTF8HTMLContentType(), named: name)

    func escapeText(_ text: String) -> String { HTMLText.escape(text) }
}

enum HTMLText {
    static func escape(_ text: String) -> String {
        var text = text
        guard text.withUTF8({ $0.contains(where: Self.needsEscape) }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        Self.appendEscaped(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` escaped, as `escape` does, without an intermediate string.
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            guard bytes.contains(where: Self.needsEscape) else {
                out.append(contentsOf: bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
                default: out.append(byte)
                }
            }
        }
    }

    static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "'")
    }

    /// JSON for a `<script type="application/json">` element. "</script" would end the
    /// element and "<!--" would change how it is parsed, so every "<" becomes "\u003c",
    /// which can only occur inside a JSON string and means the same there.
    static func scriptJSON(_ json: Data) -> String {
        json.withUnsafeBytes { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 64)
            for byte in bytes {
                if byte == UInt8(ascii: "<") {
                    out.append(contentsOf: "\\u003c".utf8)
                } else {
                    out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
