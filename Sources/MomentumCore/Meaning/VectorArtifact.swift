/// A read-only view of momentum-vectors.bin (layout: docs/meaning.md), probed in place: nothing is
/// copied or decoded beyond the 72-byte header, so the first use costs microseconds.
///
/// `@unchecked Sendable`: the pointers address immutable bytes (the binary's read-only data, or a
/// buffer the caller keeps alive and unchanged), so sharing them between threads is safe.
struct VectorArtifact: @unchecked Sendable {
    static let magic = Array("MMTVEC01".utf8)
    static let headerFields = 16

    let dimensions: Int
    let rows: Int
    let unknownId: Int
    let maxWordCharacters: Int
    let maxTokens: Int
    let maxTextScalars: Int
    let maxTokenBytes: Int
    /// Ids of the special tokens matched literally in raw text before normalisation ("[PAD]", "[UNK]").
    let literalIds: [Int]

    private let slotMask: Int
    private let scales: UnsafePointer<Float>
    private let vectors: UnsafePointer<Int8>
    private let tokenOffsets: UnsafePointer<UInt32>
    private let tokenBytes: UnsafePointer<UInt8>
    private let table: UnsafePointer<UInt32>

    /// Nil when the bytes are not a complete artifact of this version (or on a big-endian host,
    /// where the little-endian arrays cannot be read in place).
    init?(_ bytes: UnsafeRawBufferPointer) {
        #if _endian(big)
        return nil
        #else
        let headerSize = Self.magic.count + 4 * Self.headerFields
        guard let base = bytes.baseAddress, bytes.count >= headerSize,
              Int(bitPattern: base) % 16 == 0,
              bytes.prefix(Self.magic.count).elementsEqual(Self.magic) else { return nil }
        func field(_ index: Int) -> Int {
            Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: Self.magic.count + 4 * index, as: UInt32.self)))
        }
        let (dimensions, rows, slots) = (field(0), field(1), field(2))
        let (scalesAt, vectorsAt, offsetsAt, bytesAt, tableAt, literalsAt, literalCount) =
            (field(8), field(9), field(10), field(11), field(12), field(13), field(14))
        guard dimensions > 0, rows > 0, slots > rows, slots & (slots - 1) == 0, field(3) < rows,
              [scalesAt, offsetsAt, tableAt, literalsAt].allSatisfy({ $0 % 4 == 0 }),
              scalesAt + 4 * rows <= bytes.count, vectorsAt + rows * dimensions <= bytes.count,
              offsetsAt + 4 * (rows + 1) <= bytes.count, tableAt + 4 * slots <= bytes.count,
              literalsAt + 4 * literalCount <= bytes.count else { return nil }
        self.dimensions = dimensions
        self.rows = rows
        unknownId = field(3)
        maxWordCharacters = field(4)
        maxTokens = field(5)
        maxTextScalars = field(6)
        maxTokenBytes = field(7)
        slotMask = slots - 1
        scales = (base + scalesAt).bindMemory(to: Float.self, capacity: rows)
        vectors = (base + vectorsAt).bindMemory(to: Int8.self, capacity: rows * dimensions)
        tokenOffsets = (base + offsetsAt).bindMemory(to: UInt32.self, capacity: rows + 1)
        guard Int(tokenOffsets[rows]) + bytesAt <= bytes.count else { return nil }
        tokenBytes = (base + bytesAt).bindMemory(to: UInt8.self, capacity: Int(tokenOffsets[rows]))
        table = (base + tableAt).bindMemory(to: UInt32.self, capacity: slots)
        let literals = (base + literalsAt).bindMemory(to: UInt32.self, capacity: literalCount)
        literalIds = (0..<literalCount).map { Int(literals[$0]) }.filter { $0 < rows }
        #endif
    }

    /// The UTF-8 bytes of token `id`.
    func token(_ id: Int) -> UnsafeBufferPointer<UInt8> {
        let start = Int(tokenOffsets[id])
        return UnsafeBufferPointer(start: tokenBytes + start, count: Int(tokenOffsets[id + 1]) - start)
    }

    /// The id of the vocabulary entry spelled `word[range]`, preceded by "##" when `continuing`.
    /// FNV-1a over the UTF-8 bytes, linear probing: the same table the build script wrote.
    func id(of word: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, continuing: Bool) -> Int? {
        var hash: UInt32 = continuing ? Self.continuationHash : Self.fnvOffset
        for index in range { hash = (hash ^ UInt32(word[index])) &* Self.fnvPrime }
        let length = range.count + (continuing ? 2 : 0)
        var slot = Int(hash) & slotMask
        while true {
            let entry = Int(table[slot])
            if entry == 0 { return nil }
            let candidate = token(entry - 1)
            if candidate.count == length, matches(candidate, word, range, continuing: continuing) { return entry - 1 }
            slot = (slot + 1) & slotMask
        }
    }

    /// Adds row `id`, dequantised, to `sum`.
    func accumulate(_ id: Int, into sum: UnsafeMutableBufferPointer<Float>) {
        let scale = scales[id]
        let row = vectors + id * dimensions
        for index in 0..<dimensions { sum[index] += scale * Float(row[index]) }
    }

    private func matches(_ candidate: UnsafeBufferPointer<UInt8>, _ word: UnsafeBufferPointer<UInt8>,
                         _ range: Range<Int>, continuing: Bool) -> Bool {
        var at = 0
        if continuing {
            guard candidate[0] == UInt8(ascii: "#"), candidate[1] == UInt8(ascii: "#") else { return false }
            at = 2
        }
        for index in range {
            if candidate[at] != word[index] { return false }
            at += 1
        }
        return true
    }

    private static let fnvOffset: UInt32 = 2_166_136_261
    private static let fnvPrime: UInt32 = 16_777_619
    private static let continuationHash: UInt32 = "##".utf8.reduce(fnvOffset) { ($0 ^ UInt32($1)) &* fnvPrime }
}
