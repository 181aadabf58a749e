import Foundation

/// A word of a text, with its stem and where it sits, so a match can quote the original words.
public struct Word: Equatable, Sendable {
    public var stem: String
    public var range: Range<String.Index>
}

/// Word splitting and light stemming, so phrases match on word boundaries ("very" never matches
/// "discovery") and across simple inflections (meeting/meetings, attend/attending, like/liked).
public enum Words {
    public static func split(_ text: String) -> [Word] {
        // Most answers are plain ASCII, where a letter is a byte: walking characters there (grapheme
        // breaking, Unicode properties) was a fifth of `check`'s time.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return split(text, text.utf8) { byte, inWord in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte == UInt8(ascii: "'") && inWord)
            }
        }
        return split(text, text) { character, inWord in
            character.isLetter || character.isNumber || ((character == "'" || character == "’") && inWord)
        }
    }

    /// Words are runs of word characters; an apostrophe counts only inside a word (`isWordCharacter`'s
    /// second argument).
    private static func split<View: Collection>(_ text: String, _ view: View, isWordCharacter: (View.Element, Bool) -> Bool) -> [Word]
    where View.Index == String.Index {
        var words: [Word] = []
        var start: String.Index?
        var index = view.startIndex
        while index < view.endIndex {
            if isWordCharacter(view[index], start != nil) {
                if start == nil { start = index }
            } else if let wordStart = start {
                words.append(word(text, wordStart..<index))
                start = nil
            }
            index = view.index(after: index)
        }
        if let wordStart = start { words.append(word(text, wordStart..<text.endIndex)) }
        return words
    }

    public static func stems(_ text: String) -> [String] { split(text).map(\.stem) }

    private static func word(_ text: String, _ range: Range<String.Index>) -> Word {
        var raw = text[range].lowercased()
        if raw.hasSuffix("'s") || raw.hasSuffix("’s") { raw.removeLast(2) }
        if raw.utf8.contains(0xE2) { raw = raw.replacingOccurrences(of: "’", with: "'") }
        while raw.hasSuffix("'") { raw.removeLast() }
        return Word(stem: stem(raw), range: range)
    }

    /// A deliberately small stemmer: plural and -ing/-ed endings, a final e, doubled consonants.
    public static func stem(_ word: String) -> String {
        // Plain ASCII letters (most words) are stemmed as bytes: the same endings, without walking
        // grapheme clusters and Unicode properties, which made stemming a tenth of `check`'s time.
        var bytes = Array(word.utf8)
        if bytes.allSatisfy({ ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }) {
            guard bytes.count > 3 else { return word }
            stemASCII(&bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        return stemByCharacters(word)
    }

    /// `stem` on any letters, walking characters.
    static func stemByCharacters(_ word: String) -> String {
        var w = word
        guard w.count > 3, w.allSatisfy({ $0.isLetter }) else { return w }
        if w.hasSuffix("ies"), w.count > 4 {
            w = String(w.dropLast(3)) + "y"
        } else if w.hasSuffix("sses") {
            w = String(w.dropLast(2))
        } else if w.hasSuffix("s"), !w.hasSuffix("ss"), !w.hasSuffix("us"), !w.hasSuffix("is") {
            w = String(w.dropLast())
        }
        if w.hasSuffix("ing"), w.count > 5 {
            w = undouble(String(w.dropLast(3)))
        } else if w.hasSuffix("ied"), w.count > 4 {
            w = String(w.dropLast(3)) + "y"
        } else if w.hasSuffix("ed"), w.count > 4, !w.hasSuffix("eed") {
            w = undouble(String(w.dropLast(2)))
        }
        if w.hasSuffix("e"), w.count > 3, !w.hasSuffix("ee") { w = String(w.dropLast()) }
        return w
    }

    /// `stem`'s endings on ASCII letters, in the same order and with the same lengths.
    private static func stemASCII(_ w: inout [UInt8]) {
        func ends(_ suffix: StaticString) -> Bool {
            let length = suffix.utf8CodeUnitCount
            guard w.count >= length else { return false }
            return suffix.withUTF8Buffer { tail in w[(w.count - length)...].elementsEqual(tail) }
        }
        let y = UInt8(ascii: "y")
        if ends("ies"), w.count > 4 {
            w.removeLast(3); w.append(y)
        } else if ends("sses") {
            w.removeLast(2)
        } else if ends("s"), !ends("ss"), !ends("us"), !ends("is") {
            w.removeLast()
        }
        if ends("ing"), w.count > 5 {
            w.removeLast(3); undoubleASCII(&w)
        } else if ends("ied"), w.count > 4 {
            w.removeLast(3); w.append(y)
        } else if ends("ed"), w.count > 4, !ends("eed") {
            w.removeLast(2); undoubleASCII(&w)
        }
        if ends("e"), w.count > 3, !ends("ee") { w.removeLast() }
    }

    private static let keptDoubles = Array("lszaeiou".utf8)

    private static func undoubleASCII(_ w: inout [UInt8]) {
        guard w.count > 2, let last = w.last, w[w.count - 2] == last, !keptDoubles.contains(last) else { return }
        w.removeLast()
    }

    private static func undouble(_ w: String) -> String {
        guard let last = w.last, w.count > 2, w.dropLast().last == last, !"lsz".contains(last),
            !"aeiou".contains(last)
        else { return w }
        return String(w.dropLast())
    }

    /// Words that carry no subject on their own, left out when comparing what two texts are about.
    public static let stopwords: Set<String> = Set(
        """
        a an the to of for and or in on at by with from into onto up out as is are be been being was were
        it its it's this that these those my our your their his her i me we us you they them he she
        do doe did get got make more some any all so then than very just really also about over
        will would can could should must have has had not no yes if when what which who how why
        one first next new thing stuff
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { stem(String($0)) })

    /// Articles and possessives: they never decide whether a phrase matches.
    public static let fillers: Set<String> = Set(
        ["a", "an", "the", "my", "our", "your", "their", "his", "her", "its", "this", "that", "these", "those", "some"].map(stem))

    /// The stems that say what a text is about.
    public static func contentStems(_ text: String) -> Set<String> {
        FieldText(text).contentStems
    }

    /// Whether `new` names another thing than `old`, not the same one reworded: they share fewer
    /// than half the content words of the shorter. "Run a 30-min orientation for new volunteers" in
    /// place of "Update the volunteer spreadsheet and tidy the contact list" shares one word of six
    /// (a trial was offered the spreadsheet's done-when for it); "Call 10 customers" for "Call 5
    /// customers" shares two of three. (Not for metrics: "km run per week" and "pain-free runs per
    /// week" share as much as two wordings of one metric; an edit asks instead.)
    public static func nameAnotherThing(_ old: String, _ new: String) -> Bool {
        let before = contentStems(old), after = contentStems(new)
        return before.intersection(after).count * 2 < min(before.count, after.count)
    }
}

/// One phrase of a rule, as the stems of its words.
public struct Phrase: Sendable {
    public struct Word: Sendable {
        public var stem: String
        /// Written as an -ing form ("meeting", "planning"): matches only -ing forms, since the
        /// stem alone would also be the verb ("meet the CFO", "plan the menu").
        public var ingFormOnly: Bool
        /// Written as a plural ("likes", "hits", "visits") in a rule whose plurals are nouns
        /// (`plurals-as-nouns`): the singular matches only as a noun ("follower count"), not where
        /// an object, an article or a particle follows it as after a verb or a preposition ("and
        /// like it", "hit the deadline", "click through checkout").
        public var pluralOnly: Bool
        /// A one-word phrase written as a singular noun ("reach") in a rule whose plurals are
        /// nouns: its verb forms do not match ("5th platform reached in the playtest", "reaches
        /// 500"), nor the bare word where a number or an article follows it, as after a verb
        /// ("reach 500 people", "reach the final"). Its base form, else nil.
        public var nounOnly: String?
    }

    public var words: [Word]

    init?(_ text: String, pluralsAsNouns: Bool = false) {
        var words = Words.split(text).map { word in
            let raw = text[word.range].lowercased()
            let ingFormOnly = (raw.hasSuffix("ing") || raw.hasSuffix("ings")) && word.stem != raw
            return Word(stem: word.stem, ingFormOnly: ingFormOnly,
                        pluralOnly: pluralsAsNouns && !ingFormOnly && raw.hasSuffix("s") && !raw.hasSuffix("ss") && word.stem != raw)
        }
        guard !words.isEmpty else { return nil }
        if pluralsAsNouns, words.count == 1, !words[0].ingFormOnly, !words[0].pluralOnly {
            words[0].nounOnly = text.trimmingBlanks.lowercased()
        }
        self.words = words
    }

    /// Words that follow a verb or a preposition, not a noun: an object, its article or
    /// determiner, or a particle. A number follows a verb too ("more shifts hit 6", "reach 500").
    static let afterAVerb: Set<String> = ["it", "them", "me", "us", "you", "him", "her", "the", "a", "an", "my", "our", "your",
                                          "their", "his", "its", "this", "that", "these", "those", "through", "on", "up", "to", "in", "into",
                                          "every", "each", "all", "both", "some", "any", "no"]

    static func followsAVerb(_ word: Substring) -> Bool {
        word.first?.isNumber == true || afterAVerb.contains(word.lowercased())
    }

    /// Whether the text word at `index` is this phrase's word `position`.
    func matches(_ position: Int, _ text: FieldText, at index: Int) -> Bool {
        let word = words[position]
        guard text.words[index].stem == word.stem else { return false }
        let raw = text.text[text.words[index].range].lowercased()
        if let base = word.nounOnly {
            if raw != base, ["ed", "es", "ing"].contains(where: { raw.hasSuffix($0) }) { return false }
            guard index + 1 < text.words.count else { return true }
            let next = text.text[text.words[index + 1].range].lowercased()
            return !(next.first?.isNumber == true || ["the", "a", "an"].contains(next))
        }
        guard word.ingFormOnly || word.pluralOnly else { return true }
        if word.pluralOnly {
            guard !raw.hasSuffix("s"), index + 1 < text.words.count else { return true }
            return !Self.followsAVerb(text.text[text.words[index + 1].range])
        }
        return raw.hasSuffix("ing") || raw.hasSuffix("ings")
    }
}

/// A list of words and phrases matched case-insensitively, on word boundaries, by stems.
public struct PhraseList: Sendable {
    public let phrases: [String]
    public let compiled: [Phrase]

    public init(_ phrases: [String], pluralsAsNouns: Bool = false) {
        self.phrases = phrases
        self.compiled = phrases.compactMap { Phrase($0, pluralsAsNouns: pluralsAsNouns) }
    }

    /// The original text of the first phrase found, or nil.
    public func firstMatch(in text: String) -> String? { firstMatch(in: FieldText(text)) }

    public func firstMatch(in text: FieldText) -> String? {
        for phrase in compiled {
            if let match = PhraseList.find(phrase, in: text) { return match }
        }
        return nil
    }

    /// The original words where `phrase` occurs in `text`, or nil.
    ///
    /// Up to two articles or possessives may stand in the text between the phrase's words, so
    /// "catch up on email" matches "catch up on my email". The phrase's own words all match, so
    /// "book a" never matches "books" and "my head" never matches "the head of sales".
    static func find(_ phrase: Phrase, in text: FieldText) -> String? {
        let words = text.words
        let length = phrase.words.count
        guard length <= words.count else { return nil }
        for start in words.indices where phrase.matches(0, text, at: start) {
            var next = start + 1
            var matched = 1
            var skipped = 0
            while matched < length, next < words.count {
                if phrase.matches(matched, text, at: next) {
                    next += 1
                    matched += 1
                    skipped = 0
                } else if Words.fillers.contains(words[next].stem), skipped < 2 {
                    next += 1
                    skipped += 1
                } else {
                    break
                }
            }
            if matched == length { return text.quote(start, next - 1) }
        }
        return nil
    }
}

/// A field's text split into words once, shared by every rule that looks at it.
public struct FieldText: Sendable {
    public let text: String
    public let words: [Word]
    public init(_ text: String) {
        self.text = text
        self.words = Words.split(text)
    }
    public var contentStems: Set<String> { Set(words.map(\.stem).filter { !Words.stopwords.contains($0) }) }

    func quote(_ first: Int, _ last: Int) -> String {
        String(text[words[first].range.lowerBound..<words[last].range.upperBound])
    }
}

extension StringProtocol {
    /// Without blanks at either end (spaces, tabs, no-break spaces), as Foundation's
    /// `trimmingCharacters(in: .whitespaces)` trims, without its trip through NSString on Linux:
    /// run over every phrase of the rule files and every help line, it was a few percent of a
    /// command's start.
    public var trimmingBlanks: SubSequence {
        trimming { $0.isWhitespace && !$0.isNewline }
    }

    /// Without the characters at either end for which `isEdge` holds.
    public func trimming(_ isEdge: (Character) -> Bool) -> SubSequence {
        guard let first = firstIndex(where: { !isEdge($0) }), let last = lastIndex(where: { !isEdge($0) }) else { return self[endIndex...] }
        return self[first...last]
    }
}
