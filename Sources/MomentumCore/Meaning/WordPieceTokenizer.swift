import Foundation

/// The BERT WordPiece tokenizer of the distilled model, mirroring Hugging Face `tokenizers` as
/// model2vec configures it: literal "[PAD]"/"[UNK]" split out of the raw text; BertNormalizer (drop
/// NUL, U+FFFD and control/format/private-use characters, whitespace to space, spaces around CJK
/// ideographs, NFD without non-spacing marks, then per-character lowercase); BertPreTokenizer
/// (split on whitespace, every punctuation character a word of its own); greedy longest-match
/// WordPiece with "##" continuations, a word longer than `maxWordCharacters` or with an
/// unmatchable rest becoming [UNK]. Like StaticModel.encode, the text is first cut to
/// `maxTextScalars` scalars and the ids to `maxTokens`.
struct WordPieceTokenizer: Sendable {
    let vocabulary: VectorArtifact

    /// The token ids, [UNK] included, exactly as the reference tokenizer gives them.
    func tokenIds(_ text: String) -> [Int] {
        var run = Run(vocabulary: vocabulary)
        let cut = cutToLimit(text)
        var segmentStart = cut.startIndex
        for (range, id) in literalTokens(in: cut) {
            normalize(cut[segmentStart..<range.lowerBound], into: &run)
            run.endWord()
            run.ids.append(id)
            segmentStart = range.upperBound
        }
        normalize(cut[segmentStart...], into: &run)
        run.endWord()
        if run.ids.count > vocabulary.maxTokens { run.ids.removeSubrange(vocabulary.maxTokens...) }
        return run.ids
    }

    private func cutToLimit(_ text: String) -> Substring {
        let limit = vocabulary.maxTextScalars
        // A scalar takes at least one UTF-8 byte, so most texts need no counting.
        guard text.utf8.count > limit else { return text[...] }
        let scalars = text.unicodeScalars
        let end = scalars.index(scalars.startIndex, offsetBy: limit, limitedBy: scalars.endIndex) ?? scalars.endIndex
        return text[..<end]
    }

    /// Where the special tokens occur verbatim (they are matched before normalisation).
    private func literalTokens(in text: Substring) -> [(Range<String.Index>, Int)] {
        guard text.utf8.contains(UInt8(ascii: "[")) else { return [] }
        let literals = vocabulary.literalIds.map { (id: $0, bytes: Array(vocabulary.token($0))) }
        var found: [(Range<String.Index>, Int)] = []
        let utf8 = text.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex {
            if utf8[index] == UInt8(ascii: "["),
               let literal = literals.first(where: { utf8[index...].starts(with: $0.bytes) }) {
                let end = utf8.index(index, offsetBy: literal.bytes.count)
                found.append((index..<end, literal.id))
                index = end
            } else {
                index = utf8.index(after: index)
            }
        }
        return found
    }

    private func normalize(_ text: Substring, into run: inout Run) {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            for byte in text.utf8 { run.ascii(byte) }
            return
        }
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                // Whitespace is left for Run.ascii to split on; control bytes go now, before NFD.
                if scalar.value >= 0x20 && scalar.value != 0x7F || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                    cleaned.append(scalar)
                }
            } else if scalar.value == 0xFFFD || Self.isControl(scalar) {
                continue
            } else if Self.isWhitespace(scalar) {
                cleaned.append(" ")
            } else if Self.isChineseCharacter(scalar) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        for scalar in String(cleaned).decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.isASCII {
                run.ascii(UInt8(scalar.value))
            } else if !(scalar.properties.generalCategory == .nonspacingMark && Self.isInUnicode8(scalar)) {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars { run.scalar(lower) }
            }
        }
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace
    }

    /// `is_other` of the unicode_categories crate minus tab, newline and carriage return, as the
    /// BertNormalizer uses it: control, format, private-use (its unassigned table is empty).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse: return isInUnicode8(scalar)
        default: return false
        }
    }

    /// `tokenizers` takes the control, format, non-spacing mark and punctuation categories from the
    /// unicode_categories crate, whose tables are Unicode 8.0's: a character assigned later (a new
    /// emoji-era punctuation mark, a new format control) is in none of them there.
    static func isInUnicode8(_ scalar: Unicode.Scalar) -> Bool {
        guard let age = scalar.properties.age else { return false }
        return age.major < 8 || age.major == 8 && age.minor == 0
    }

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isASCIIPunctuation(UInt8(scalar.value)) }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return isInUnicode8(scalar)
        default: return false
        }
    }

    static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte)
            || (0x7B...0x7E).contains(byte)
    }

    /// The CJK blocks the BERT normalizer pads with spaces (the same table as `tokenizers`).
    static func isChineseCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
             0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F: return true
        default: return false
        }
    }
}

/// The words of one text as they come out of normalisation, turned into WordPiece ids one word at a
/// time in a reused byte buffer.
private struct Run {
    let vocabulary: VectorArtifact
    var ids: [Int] = []
    var word: [UInt8] = []

    init(vocabulary: VectorArtifact) {
        self.vocabulary = vocabulary
        word.reserveCapacity(64)
    }

    /// One byte of ASCII text: control bytes dropped, whitespace splits, punctuation stands alone.
    mutating func ascii(_ byte: UInt8) {
        switch byte {
        case 0x09, 0x0A, 0x0D, 0x20: endWord()
        case 0x00..<0x20, 0x7F: break
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 0x20)
        default:
            if WordPieceTokenizer.isASCIIPunctuation(byte) {
                endWord()
                word.append(byte)
                endWord()
            } else {
                word.append(byte)
            }
        }
    }

    /// One already-normalised scalar.
    mutating func scalar(_ scalar: Unicode.Scalar) {
        if scalar.isASCII { return ascii(UInt8(scalar.value)) }
        if WordPieceTokenizer.isWhitespace(scalar) { return endWord() }
        let punctuation = WordPieceTokenizer.isPunctuation(scalar)
        if punctuation { endWord() }
        word.append(contentsOf: UTF8.encode(scalar)!)
        if punctuation { endWord() }
    }

    mutating func endWord() {
        guard !word.isEmpty else { return }
        word.withUnsafeBufferPointer { appendPieces(of: $0) }
        word.removeAll(keepingCapacity: true)
    }

    /// Greedy longest match from the left, as `tokenizers`' WordPiece does it.
    private mutating func appendPieces(of word: UnsafeBufferPointer<UInt8>) {
        let unknown = vocabulary.unknownId
        if word.lazy.filter({ !Self.isContinuation($0) }).count > vocabulary.maxWordCharacters {
            ids.append(unknown)
            return
        }
        let firstPiece = ids.count
        var start = 0
        while start < word.count {
            let continuing = start > 0
            // No vocabulary entry is longer than maxTokenBytes: skip ends that cannot match.
            var end = min(word.count, start + vocabulary.maxTokenBytes - (continuing ? 2 : 0))
            while end < word.count, Self.isContinuation(word[end]) { end -= 1 }
            var piece: Int?
            while end > start {
                if let id = vocabulary.id(of: word, start..<end, continuing: continuing) {
                    piece = id
                    break
                }
                end -= 1
                while end > start, Self.isContinuation(word[end]) { end -= 1 }
            }
            guard let piece else {
                ids.removeSubrange(firstPiece...)
                ids.append(unknown)
                return
            }
            ids.append(piece)
            start = end
        }
    }

    private static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
}
