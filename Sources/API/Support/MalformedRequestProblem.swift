import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// The HTTP server of the API: Hummingbird's HTTP/1.1 with one handler more.
public let apiServer: HTTPServerBuilder = .http1(configuration: .init(additionalChannelHandlers: [MalformedRequestProblem()]))

/// A request the HTTP parser cannot read (raw UTF-8 in the path or query, a broken
/// request line) never reaches the router: Hummingbird answers it with an empty 400 and
/// closes. This handler, behind the parser, turns that one answer into a problem+json
/// like every other error (in Chinese: the request could not be read, so it cannot ask
/// for English). The app itself never sends an empty 400, so nothing else is touched.
final class MalformedRequestProblem: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    static let body = ByteBuffer(
        data: Problem(
            .badRequest,
            "malformed-request",
            "Bad Request",
            detail:
                "The request could not be read as HTTP; the usual cause is non-ASCII characters in the path or query, which must be percent-encoded (UTF-8)."
        ).json(instance: nil, language: .chinese)
    )

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .head(var head) = self.unwrapOutboundIn(data), head.status == .badRequest,
            head.headerFields[.contentLength] == "0", head.headerFields[.contentType] == nil
        else {
            context.write(data, promise: promise)
            return
        }
        head.headerFields[.contentType] = "application/problem+json"
        head.headerFields[.contentLanguage] = Language.chinese.rawValue
        head.headerFields[.contentLength] = String(Self.body.readableBytes)
        context.write(self.wrapOutboundOut(.head(head)), promise: nil)
        context.write(self.wrapOutboundOut(.body(Self.body)), promise: promise)
    }
}
