import Foundation

/// A win that reports less than its step's done-when asks for: "38 signed up" where the
/// criterion says "40 people sign up", "coverage at 75%" for "80% coverage", "32 minutes" for
/// "under 30 minutes". A newcomer logged such a win and the coach said nothing, though the step it
/// closed was, by its own words, not done.
///
/// Amounts are compared only when they count the same thing: the same word after the number
/// ("3 replies" and "5 replies"), else a word of the done-when after the win's number ("38 signed"
/// and "sign up"), or, when each text holds a single amount, one of them with no word after it. Dates,
/// years, times, labels ("chapter 4", "v2") and denominators ("38 of 40", "38 of the 40 papers") are not amounts.
public struct ShortfallCheck: Sendable {
    /// The fields whose amounts the answer should reach (`compare-with`).
    public var compareWith: [RuleField]

    public init(compareWith: [RuleField]) { self.compareWith = compareWith }

    /// "38 signed, where the done-when says 40 people" when an amount falls short, else nil.
    public func evaluate(_ text: FieldText, plan: Plan, milestone: Int?) -> String? {
        let reported = Amount.all(in: text.text)
        guard !reported.isEmpty else { return nil }
        for field in compareWith {
            for target in PlanFields.texts(of: field, in: plan, milestone: milestone) where !target.isEmpty {
                let asked = Amount.all(in: target)
                let targetStems = Words.contentStems(target)
                let single = asked.count == 1 && reported.count == 1
                for goal in asked {
                    // A reading of the very word the goal counts wins over one that only shares a word.
                    // "called 17" counts the calls of "20 calls" by its verb: its word is before the number.
                    let exact = reported.filter { $0.unit != nil && $0.unit == goal.unit }
                        + reported.filter { $0.unit == nil && $0.verb != nil && $0.verb == goal.unit }.map(\.toldByItsVerb)
                    let comparable = exact.isEmpty ? reported.filter { $0.counts(sameAs: goal, otherStems: targetStems, single: single) } : exact
                    guard !comparable.isEmpty, !comparable.contains(where: goal.isReached(by:)) else { continue }
                    return "\(comparable[0].quote), where the \(Self.name(of: field)) says \(goal.quote)"
                }
            }
        }
        return nil
    }

    private static func name(of field: RuleField) -> String {
        switch field {
        case .criterion: "done-when"
        case .target: "target"
        default: field.rawValue
        }
    }
}

/// A number in a text with the word it counts, as a reading or a goal to reach.
struct Amount: Equatable {
    var value: Double
    /// The stem of the word after the number ("people" → "people"), "percent" for "%", or nil.
    var unit: String?
    /// "under 30 minutes": a ceiling, met by a value at or below it.
    var isCeiling: Bool
    var quote: String
    /// The stem of the word right before the number, when it is no stopword ("called 17" → "call"),
    /// with the quote that includes it.
    var verb: String? = nil
    var verbQuote: String? = nil

    /// This amount quoted with the verb that names what it counts.
    var toldByItsVerb: Amount {
        var told = self
        told.quote = verbQuote ?? quote
        return told
    }

    func isReached(by reading: Amount) -> Bool { isCeiling ? reading.value <= value : reading.value >= value }

    /// `otherStems`: the goal's text, which may name this reading's word elsewhere ("38 signed" for
    /// "40 people sign up").
    func counts(sameAs goal: Amount, otherStems: Set<String>, single: Bool) -> Bool {
        switch (unit, goal.unit) {
        case let (own?, asked?): own == asked || otherStems.contains(own)
        default: single
        }
    }

    private static let labels: Set<String> = [
        "chapter", "version", "v", "step", "phase", "part", "episode", "track", "level", "section", "module", "lesson",
        "week", "day", "sprint", "issue", "pr", "no", "number", "room", "unit", "item", "milestone", "book", "season",
        "grade", "year", "q", "tier", "page", "figure", "table", "stage", "round", "draft", "iteration", "release", "build",
    ]
    private static let calendarWords: Set<String> = [
        "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july", "aug",
        "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december", "monday", "tuesday",
        "wednesday", "thursday", "friday", "saturday", "sunday", "am", "pm", "o'clock", "oclock",
    ]
    private static let denominatorArticles: Set<String> = ["the", "these", "those", "my", "our", "all"]
    private static let ceilings = ["under", "below", "less than", "fewer than", "at most", "no more than", "max", "maximum", "within", "<", "≤"]

    /// The amounts of a text, in order.
    static func all(in text: String) -> [Amount] {
        let original = Array(text)
        let characters = original.map { character in
            let lower = character.lowercased()
            return lower.count == 1 ? Character(lower) : character
        }
        var amounts: [Amount] = []
        var index = 0
        while index < characters.count {
            guard characters[index].isASCII, characters[index].isNumber,
                index == 0 || !isAttached(characters[index - 1]) else {
                index += 1
                continue
            }
            let start = index
            while index < characters.count, characters[index].isASCII, characters[index].isNumber || isGrouping(characters, at: index) {
                index += 1
            }
            if index + 1 < characters.count, characters[index] == ".", characters[index + 1].isASCII, characters[index + 1].isNumber {
                index += 1
                while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
            }
            let digits = String(characters[start..<index]).replacingOccurrences(of: ",", with: "")
            var end = index
            var percent = false
            if end < characters.count, characters[end] == "%" {
                percent = true
                end += 1
            }
            if let after = endOfNonAmount(characters, from: end) {
                index = after
                continue
            }
            let before = previousWords(characters, before: start)
            let next = nextWord(characters, from: end)
            let unit = percent || next?.word == "percent" ? "percent" : next.flatMap { Words.stopwords.contains(Words.stem($0.word)) ? nil : Words.stem($0.word) }
            let isYear = digits.count == 4 && (1900...2100).contains(Int(digits) ?? 0) && unit == nil
            // "38 of 40", "38 of the 40 papers": the second number is what the first is out of.
            let of = before.last == "of" ? before.count - 1
                : before.count >= 2 && denominatorArticles.contains(before[before.count - 1]) && before[before.count - 2] == "of" ? before.count - 2 : nil
            let isDenominator = of.map { $0 > 0 && before[$0 - 1].allSatisfy(\.isNumber) } == true
            let isLabel = before.last.map { labels.contains($0) || calendarWords.contains($0) } == true || (start > 0 && characters[start - 1] == "#")
            let isDate = next.map { calendarWords.contains($0.word) } == true
            if let value = Double(digits), !isYear, !isDenominator, !isLabel, !isDate {
                let phrase = before.suffix(3).joined(separator: " ")
                let ceilingWords = ceilings.first { phrase == $0 || phrase.hasSuffix(" " + $0) }
                let ceiling = ceilingWords != nil || (start > 0 && "<≤".contains(characters[start - 1]))
                let quoteEnd = unit != nil && !percent ? next!.end : end
                let quote = (ceilingWords.map { $0 + " " } ?? "") + String(original[start..<quoteEnd])
                let verb = before.last.map { Words.stem($0) }.flatMap { Words.stopwords.contains($0) || ceilingWords != nil ? nil : $0 }
                amounts.append(Amount(value: value, unit: unit, isCeiling: ceiling, quote: quote,
                                      verb: verb, verbQuote: verb.map { _ in before.last! + " " + quote }))
            }
            index = end
        }
        return amounts
    }

    /// "5k", "3pm", "15th", "12/03", "10:30", "2026-12-01": a number glued to letters or to a date or
    /// time separator is not an amount of something. Where such a token ends, or nil for an amount.
    private static func endOfNonAmount(_ characters: [Character], from end: Int) -> Int? {
        guard end < characters.count,
            characters[end].isLetter || ("/:-".contains(characters[end]) && end + 1 < characters.count && characters[end + 1].isNumber)
        else { return nil }
        var index = end
        while index < characters.count, characters[index].isLetter || characters[index].isNumber || "/:-.".contains(characters[index]) { index += 1 }
        return index
    }

    /// A letter, digit or point before a number makes it part of a word, a version or a decimal.
    private static func isAttached(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "." || character == "_"
    }

    /// "1,000": a comma followed by exactly three digits groups thousands.
    private static func isGrouping(_ characters: [Character], at index: Int) -> Bool {
        guard characters[index] == "," else { return false }
        let group = characters[(index + 1)..<min(index + 4, characters.count)]
        return group.count == 3 && group.allSatisfy { $0.isASCII && $0.isNumber }
            && (index + 4 == characters.count || !(characters[index + 4].isNumber))
    }

    /// Up to three words before a position, nearest last ("less", "than").
    private static func previousWords(_ characters: [Character], before position: Int) -> [String] {
        var words: [String] = []
        var index = position - 1
        while words.count < 3, index >= 0 {
            while index >= 0, characters[index] == " " { index -= 1 }
            var start = index
            while start >= 0, characters[start].isLetter || characters[start].isNumber || characters[start] == "'" { start -= 1 }
            guard start < index else { break }
            words.insert(String(characters[(start + 1)...index]), at: 0)
            index = start
            if index >= 0, characters[index] != " " { break }
        }
        return words
    }

    /// The word right after a number, with where it ends.
    private static func nextWord(_ characters: [Character], from position: Int) -> (word: String, end: Int)? {
        var start = position
        while start < characters.count, characters[start] == " " { start += 1 }
        var end = start
        while end < characters.count, characters[end].isLetter || characters[end] == "'" { end += 1 }
        return end > start ? (String(characters[start..<end]), end) : nil
    }
}
