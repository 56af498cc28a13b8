import CCurl
import Domain
import Foundation
import NIOConcurrencyHelpers
import NIOPosix

/// What one POST came to.
public struct HTTPPostResult: Sendable, Equatable {
    /// The answer's status; `nil` when no answer came (connection error, timeout, refusal).
    public var status: Int?
    /// Why no usable answer came, in plain words.
    public var error: String?
    /// `Retry-After`, in seconds, when the answer had one.
    public var retryAfter: Double?
    /// The first bytes of the answer's body (at most 1 KiB), as text.
    public var excerpt: String
    public var durationMS: Int
}

/// The webhook HTTP client, on libcurl (`spec/webhooks.md`, "Delivery").
///
/// One per worker process. Requests run on the client's own thread pool — libcurl's
/// easy interface blocks, so it never runs on an event loop — each on an easy handle
/// taken from a pool, so connections to a receiver are kept alive and reused. Every
/// request: connect timeout 5 s, total 15 s, no redirects, `http` and `https` only,
/// at most 64 KiB of the answer read, system CAs for TLS. Unless private addresses are
/// allowed, the address actually connected to must be public (`AddressPolicy`), checked
/// in `CURLOPT_OPENSOCKETFUNCTION`, so DNS cannot smuggle in a private target.
public final class CurlClient: Sendable {
    public static let maxBodyBytes = 64 * 1024
    public static let excerptBytes = 1024

    public struct Limits: Sendable {
        public var connectTimeoutMS = 5000
        public var totalTimeoutMS = 15000
        public init() {}
    }

    let threads: NIOThreadPool
    let idle = NIOLockedValueBox<[EasyHandle]>([])
    let allowPrivate: Bool
    let limits: Limits

    /// `connections` is how many requests run at once (threads and easy handles).
    public init(connections: Int, allowPrivateAddresses: Bool, limits: Limits = Limits()) {
        _ = Self.globalInit
        self.threads = NIOThreadPool(numberOfThreads: max(1, connections))
        self.threads.start()
        self.allowPrivate = allowPrivateAddresses
        self.limits = limits
    }

    deinit {
        self.threads.shutdownGracefully { _ in }
        for handle in self.idle.withLockedValue({ $0 }) { handle.close() }
    }

    /// `curl_global_init` must run once, before any other thread uses libcurl.
    static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    /// POSTs `body` to `url` with `headers`; never throws for HTTP or network failures
    /// (they are results), only when the task is cancelled or the pool is gone.
    public func post(url: String, headers: [(String, String)], body: Data) async throws -> HTTPPostResult {
        try await self.threads.runIfActive { [self] in
            let handle = self.idle.withLockedValue { $0.popLast() } ?? EasyHandle(allowPrivate: self.allowPrivate, limits: self.limits)
            let result = handle.post(url: url, headers: headers, body: body)
            self.idle.withLockedValue { $0.append(handle) }
            return result
        }
    }
}

/// One libcurl easy handle and the state its callbacks write to. Used by one thread at a
/// time: it is taken from the pool for a request and put back after.
final class EasyHandle: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    let state = TransferState()

    init(allowPrivate: Bool, limits: CurlClient.Limits) {
        self.handle = curl_easy_init()
        self.state.allowPrivate = allowPrivate
        let opaque = Unmanaged.passUnretained(self.state).toOpaque()
        ccurl_setopt_long(self.handle, CURLOPT_NOSIGNAL, 1)
        ccurl_setopt_long(self.handle, CURLOPT_FOLLOWLOCATION, 0)
        ccurl_setopt_string(self.handle, CURLOPT_PROTOCOLS_STR, "http,https")
        ccurl_setopt_long(self.handle, CURLOPT_CONNECTTIMEOUT_MS, limits.connectTimeoutMS)
        ccurl_setopt_long(self.handle, CURLOPT_TIMEOUT_MS, limits.totalTimeoutMS)
        ccurl_setopt_long(self.handle, CURLOPT_POST, 1)
        ccurl_setopt_long(self.handle, CURLOPT_TCP_KEEPALIVE, 1)
        ccurl_setopt_string(self.handle, CURLOPT_USERAGENT, "Oversight-Webhooks/1")
        ccurl_setopt_pointer(self.handle, CURLOPT_ERRORBUFFER, self.state.errorBuffer)
        ccurl_setopt_write_function(self.handle, writeBody)
        ccurl_setopt_pointer(self.handle, CURLOPT_WRITEDATA, opaque)
        ccurl_setopt_opensocket_function(self.handle, openSocket)
        ccurl_setopt_pointer(self.handle, CURLOPT_OPENSOCKETDATA, opaque)
    }

    func close() {
        curl_easy_cleanup(self.handle)
    }

    deinit {
        self.state.errorBuffer.deallocate()
    }

    func post(url: String, headers: [(String, String)], body: Data) -> HTTPPostResult {
        self.state.reset()
        var list: UnsafeMutablePointer<curl_slist>? = nil
        // No `Expect: 100-continue` pause before the body.
        for line in headers.map({ "\($0.0): \($0.1)" }) + ["Expect:"] { list = curl_slist_append(list, line) }
        defer { curl_slist_free_all(list) }
        ccurl_setopt_string(self.handle, CURLOPT_URL, url)
        ccurl_setopt_slist(self.handle, CURLOPT_HTTPHEADER, list)
        let started = ContinuousClock.now
        let code = body.withUnsafeBytes { bytes -> CURLcode in
            ccurl_setopt_off_t(self.handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bytes.count))
            ccurl_setopt_pointer(self.handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            return curl_easy_perform(self.handle)
        }
        let elapsed = ContinuousClock.now - started
        let durationMS = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        ccurl_setopt_pointer(self.handle, CURLOPT_POSTFIELDS, nil)
        var status = 0
        ccurl_getinfo_long(self.handle, CURLINFO_RESPONSE_CODE, &status)
        var retryAfter: curl_off_t = 0
        ccurl_getinfo_off_t(self.handle, CURLINFO_RETRY_AFTER, &retryAfter)
        let excerpt = String(decoding: self.state.excerpt, as: UTF8.self)
        // Reading stopped at the 64 KiB cap is not a failure: the status has arrived.
        let answered = code == CURLE_OK || (code == CURLE_WRITE_ERROR && self.state.truncated)
        if answered && status > 0 {
            return HTTPPostResult(
                status: status,
                error: nil,
                retryAfter: retryAfter > 0 ? Double(retryAfter) : nil,
                excerpt: excerpt,
                durationMS: durationMS
            )
        }
        return HTTPPostResult(status: nil, error: self.describe(code), retryAfter: nil, excerpt: excerpt, durationMS: durationMS)
    }

    func describe(_ code: CURLcode) -> String {
        if let refused = self.state.refusedAddress {
            return "refused to connect to \(refused): not a public address (set OVERSIGHT_WEBHOOKS_ALLOW_PRIVATE=1 to allow)"
        }
        if code == CURLE_OPERATION_TIMEDOUT { return "timed out: " + self.state.errorText }
        let detail = self.state.errorText
        let summary = String(cString: curl_easy_strerror(code))
        return detail.isEmpty ? summary : "\(summary): \(detail)"
    }
}

/// What the callbacks of one transfer see, through their `clientp` pointer.
final class TransferState {
    var allowPrivate = false
    var excerpt: [UInt8] = []
    var received = 0
    var truncated = false
    var refusedAddress: String?
    let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))

    func reset() {
        self.excerpt.removeAll(keepingCapacity: true)
        self.received = 0
        self.truncated = false
        self.refusedAddress = nil
        self.errorBuffer[0] = 0
    }

    var errorText: String { String(cString: self.errorBuffer) }
}

/// CURLOPT_WRITEFUNCTION: keeps the first KiB, stops reading past 64 KiB.
private let writeBody: curl_write_callback = { pointer, size, count, userdata in
    guard let pointer, let userdata else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    if state.excerpt.count < CurlClient.excerptBytes {
        let take = min(length, CurlClient.excerptBytes - state.excerpt.count)
        pointer.withMemoryRebound(to: UInt8.self, capacity: take) { state.excerpt.append(contentsOf: UnsafeBufferPointer(start: $0, count: take)) }
    }
    state.received += length
    if state.received > CurlClient.maxBodyBytes {
        state.truncated = true
        return 0
    }
    return length
}

/// CURLOPT_OPENSOCKETFUNCTION: refuses non-public addresses unless allowed.
private let openSocket: curl_opensocket_callback = { clientp, _, address in
    guard let clientp, let address else { return -1 }
    let state = Unmanaged<TransferState>.fromOpaque(clientp).takeUnretainedValue()
    if !state.allowPrivate {
        var family: Int32 = 0
        guard let raw = ccurl_sockaddr_bytes(address, &family) else {
            state.refusedAddress = "an address of family \(family)"
            return -1
        }
        let bytes = Array(UnsafeBufferPointer(start: raw, count: family == AF_INET ? 4 : 16))
        let isPublic = family == AF_INET ? AddressPolicy.isPublic(ipv4: bytes) : AddressPolicy.isPublic(ipv6: bytes)
        if !isPublic {
            state.refusedAddress = describeAddress(bytes)
            return -1
        }
    }
    return socket(address.pointee.family, address.pointee.socktype, address.pointee.protocol)
}

/// An address as text: dotted IPv4, or IPv6 in full hex groups.
private func describeAddress(_ bytes: [UInt8]) -> String {
    if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
    return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        .joined(separator: ":")
}
