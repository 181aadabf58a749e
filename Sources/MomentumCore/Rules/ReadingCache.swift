/// Where fitted linear readings are kept between runs, so a one-shot `done` or `check` does not fit
/// them again: fitting a field is most of such a command (docs/BENCHMARKS.md), and the phrasings
/// rarely change. The core hands over bytes and a key; the adapter decides where they live
/// (`DiskReadingCache` in MomentumApp keeps them under `<home>/cache/`). A cache that loses or
/// garbles an entry costs a refit, never a different reading: a key names the fitted rows' whole
/// content and the fit's settings, and bytes that do not decode to a reading of that size are ignored.
public protocol ReadingCache: Sendable {
    /// The bytes stored under `key`, or nil.
    func bytes(forKey key: String) -> [UInt8]?
    /// Keep `bytes` under `key` (a file-name-safe string starting with the field's name and a `-`);
    /// an entry of the same field under another key may be dropped.
    func store(_ bytes: [UInt8], forKey key: String)
}

/// A 128-bit hash of a reading's inputs, in two independent 64-bit lanes: enough that two different
/// sets of phrasings never share a key in practice. Not for security: nobody gains by forging one.
struct ContentHash {
    private var first: UInt64 = 0xcbf2_9ce4_8422_2325
    private var second: UInt64 = 0x9e37_79b9_7f4a_7c15

    mutating func add(_ word: UInt64) {
        first = (first ^ word) &* 0x0000_0100_0000_01b3
        second = (second &+ word) &* 0xbf58_476d_1ce4_e5b9
        second ^= second >> 31
    }

    mutating func add(_ text: String) {
        var count: UInt64 = 0
        for byte in text.utf8 {
            add(UInt64(byte))
            count += 1
        }
        add(count | 0xffff_0000_0000_0000)
    }

    mutating func add(_ values: [Float]) {
        add(UInt64(values.count))
        for value in values { add(UInt64(value.bitPattern)) }
    }

    mutating func add(_ value: Double) { add(value.bitPattern) }

    var hex: String {
        [first, second].map { lane in
            let digits = String(lane, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }.joined()
    }
}
