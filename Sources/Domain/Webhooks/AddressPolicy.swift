/// Which resolved addresses a webhook may connect to. Outside development, only public
/// unicast addresses: loopback, private, link-local, unique-local, multicast and the
/// other special ranges are refused, so that a subscription cannot reach into the
/// deployment's own network (SSRF). Checked on the address actually connected to, so a
/// name that resolves to a private address is refused too.
public enum AddressPolicy {
    /// An IPv4 address as its four bytes.
    public static func isPublic(ipv4 bytes: [UInt8]) -> Bool {
        guard bytes.count == 4 else { return false }
        let (a, b) = (bytes[0], bytes[1])
        switch a {
        case 0, 10, 127: return false  // "this network", private, loopback
        case 100 where (64...127).contains(b): return false  // carrier-grade NAT
        case 169 where b == 254: return false  // link-local
        case 172 where (16...31).contains(b): return false  // private
        case 192 where b == 168: return false  // private
        case 192 where b == 0 && bytes[2] == 0: return false  // IETF protocol assignments
        case 198 where b == 18 || b == 19: return false  // benchmarking
        case 224...255: return false  // multicast, reserved, broadcast
        default: return true
        }
    }

    /// An IPv6 address as its sixteen bytes.
    public static func isPublic(ipv6 bytes: [UInt8]) -> Bool {
        guard bytes.count == 16 else { return false }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) { return false }  // :: and ::1
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return self.isPublic(ipv4: Array(bytes[12..<16]))  // IPv4-mapped
        }
        if bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b {
            return self.isPublic(ipv4: Array(bytes[12..<16]))  // NAT64
        }
        if bytes[0] & 0xfe == 0xfc { return false }  // unique-local fc00::/7
        if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80 { return false }  // link-local fe80::/10
        if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0xc0 { return false }  // site-local fec0::/10
        if bytes[0] == 0xff { return false }  // multicast
        if bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d && bytes[3] == 0xb8 { return false }  // documentation
        return true
    }
}
